#pragma once
// Private (OpenQASM front end): the standard gate library, built in.

#include <string_view>

namespace qzone::qasm {

/// The text of qelib1.inc: the standard gates and the extended set Qiskit
/// exports, each defined from U and CX (directly or through earlier gates).
std::string_view qelib1_source();

} // namespace qzone::qasm
