#pragma once
// Private (execution layer): a gate whose qubits are stored bit positions,
// not qubits: the caller has translated them through the qubit map.

#include <runtime/distributed_state.hpp>
#include <runtime/gate.hpp>

namespace qzone::execution {

/// Applies `gate`, whose targets and controls are bit positions of the
/// stored amplitudes. Targets of matrix gates, and the X and Y targets of
/// Pauli rotations, must lie inside chunks; diagonal gates, swaps and
/// controls may use any position. Collective.
/// @throw qzone::InternalError for a matrix target at a chunk-index position;
///        qzone::MpiError if MPI fails.
void apply_at_positions(DistributedState& state, const Gate& gate);

} // namespace qzone::execution
