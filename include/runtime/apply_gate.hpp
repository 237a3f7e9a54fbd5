#pragma once
/// @file apply_gate.hpp
/// Applying gates to a distributed state.

#include <string_view>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>
#include <runtime/gate.hpp>

namespace qzone {

/// Applies `gate` to `state`. Collective: every rank calls it with the same
/// gate. Qubits are translated through the state's qubit map. Diagonal gates
/// and controls on any qubit need no communication; an uncontrolled swap is
/// a relabel of the map (no amplitude moves); a gate whose targets lie
/// between chunks first brings them inside chunks in one exchange stage
/// (evicting unused qubits from the highest in-chunk positions) and leaves
/// them there.
/// @throw qzone::InputError (identically on every rank) if the gate is
///        malformed for this state (see Gate::validate);
///        qzone::Error if a gate needs more qubits inside chunks than the
///        layout has room for; qzone::MpiError if MPI fails.
void apply_gate(DistributedState& state, const Gate& gate);

/// apply_gate(state, gates::by_name(name, qubits, parameters)), e.g.
/// `apply_gate(state, "cx", {0, 5})` or `apply_gate(state, "rz", {2}, {0.25})`.
/// @throw as gates::by_name() and apply_gate().
void apply_gate(DistributedState& state, std::string_view name, const std::vector<unsigned>& qubits,
                const std::vector<double>& parameters = {});

/// Moves amplitudes so that every qubit lies where `map` says, e.g.
/// QubitMap(state.qubits()) (the identity) before reading local_amplitudes()
/// in basis-state order, or another state's map before inner_product().
/// One pass over the state per qubit out of place. Collective.
/// @throw qzone::InputError for a map of another qubit count;
///        qzone::MpiError if MPI fails.
void align_qubit_map(DistributedState& state, const QubitMap& map);

} // namespace qzone
