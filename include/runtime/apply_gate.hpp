#pragma once
/// @file apply_gate.hpp
/// Applying gates to a distributed state.

#include <string_view>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/gate.hpp>

namespace qzone {

/// Applies `gate` to `state`. Collective: every rank calls it with the same
/// gate. Gates on local qubits, diagonal gates, and controls on any qubit
/// need no communication; a one-qubit gate on a global qubit combines each
/// chunk with its partner chunk (in memory when this rank holds both, through
/// the state's bounded exchange buffer otherwise); a multi-qubit gate with
/// global targets first swaps them with free local qubits.
/// @throw std::invalid_argument (identically on every rank) if the gate is
///        malformed for this state (see Gate::validate);
///        qzone::Error if a multi-qubit gate has more global targets than the
///        layout has free local qubits; qzone::MpiError if MPI fails.
void apply_gate(DistributedState& state, const Gate& gate);

/// apply_gate(state, gates::by_name(name, qubits, parameters)), e.g.
/// `apply_gate(state, "cx", {0, 5})` or `apply_gate(state, "rz", {2}, {0.25})`.
/// @throw as gates::by_name() and apply_gate().
void apply_gate(DistributedState& state, std::string_view name, const std::vector<unsigned>& qubits,
                const std::vector<double>& parameters = {});

} // namespace qzone
