#pragma once
// Private (planning layer): the order the operations run in. Commuting
// operations may trade places; the order chosen finishes qubits early and
// starts others late, so that fewer qubits are in use at once and exchange
// stages (and passes) are fewer on any layout. It depends on the circuit
// alone, never on the rank count: amplitudes stay bit-identical across rank
// counts.

#include <runtime/circuit.hpp>

namespace qzone::planning {

/// Operations per window of the schedule, per qubit of the circuit.
inline constexpr std::size_t schedule_window_per_qubit = 24;

/// `circuit` with its operations reordered, window by window (24 operations
/// per qubit each): within a window, repeatedly the qubit whose last
/// operation that needs it inside chunks has the fewest operations left
/// before it (ties: the qubit used most recently, then the lowest) is
/// finished, with those operations in their original order; the rest of the
/// window follows in its order. Two operations keep their order when they
/// share a qubit on which either acts other than diagonally (controls and
/// diagonal gates act diagonally). Only for circuits whose measurements
/// are terminal (measurements_are_terminal); O(qubits^2) per operation.
Circuit schedule_for_locality(const Circuit& circuit);

} // namespace qzone::planning
