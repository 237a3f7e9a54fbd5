#pragma once
// Private (OpenQASM front end): library gates with an exact native form.

#include <optional>
#include <string>
#include <vector>

#include <runtime/gate.hpp>

namespace qzone::qasm {

/// The native gate equal (matrix for matrix, global phase included) to the
/// qelib1.inc definition of `name`, or std::nullopt to expand the definition.
std::optional<Gate> native_library_gate(const std::string& name, const std::vector<double>& parameters,
                                        const std::vector<unsigned>& qubits);

} // namespace qzone::qasm
