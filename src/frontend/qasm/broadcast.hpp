#pragma once
// Private (OpenQASM front end): a gate applied to whole registers, as both
// readers apply it.

#include <functional>
#include <string>
#include <vector>

namespace qzone::qasm {

/// The qubits of each application of a gate to `count` operands, operand j
/// being `resolve(j)` (one qubit, or the qubits of a register; resolved in
/// order, so that the first error met is the one raised): registers pair up
/// position by position, a single qubit joins every application; no
/// register: one application. `refuse(j, message)` is called for the first
/// operand whose register size differs from an earlier register's, and must
/// throw.
std::vector<std::vector<unsigned>> broadcast(std::size_t count,
                                             const std::function<std::vector<unsigned>(std::size_t)>& resolve,
                                             const std::function<void(std::size_t, const std::string&)>& refuse);

} // namespace qzone::qasm
