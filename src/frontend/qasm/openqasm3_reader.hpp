#pragma once
// Private (OpenQASM front end): the OpenQASM 3 reader.

#include <string>
#include <string_view>
#include <vector>

#include <runtime/circuit.hpp>

#include "reader.hpp"

namespace qzone::qasm {

/// Whether `text` starts (after blanks and comments) with `OPENQASM 3`.
bool declares_openqasm3(std::string_view text);

/// Reads an OpenQASM 3 program into `circuit` (empty but for its name);
/// returns the inputs it declared, in order.
/// @throw qzone::QasmError for anything malformed or outside what qzone reads.
std::vector<std::string> read_openqasm3(Circuit& circuit, std::string_view source, const std::string& file_name,
                                        const ReadOptions& options);

} // namespace qzone::qasm
