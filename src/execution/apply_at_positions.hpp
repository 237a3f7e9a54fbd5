#pragma once
// Private (execution layer): a gate whose qubits are stored bit positions,
// not qubits: the caller has translated them through the qubit map.

#include <string>

#include <runtime/distributed_state.hpp>
#include <runtime/gate.hpp>

#include "../planning/plan.hpp"

namespace qzone::execution {

/// Applies `gate`, whose targets and controls are bit positions of the
/// stored amplitudes. Targets of matrix gates, and the X and Y targets of
/// Pauli rotations, must lie inside chunks; diagonal gates, swaps and
/// controls may use any position. Collective.
/// @throw qzone::InternalError for a matrix target at a chunk-index position;
///        qzone::MpiError if MPI fails.
void apply_at_positions(DistributedState& state, const Gate& gate);

/// Applies a planned block, its qubits translated through the state's qubit
/// map, as apply_at_positions() runs it; `name` names it in errors. A dense
/// block's qubits must lie inside chunks. Collective.
/// @throw as apply_at_positions().
void apply_block(DistributedState& state, const planning::DenseBlock& block, const std::string& name);
void apply_block(DistributedState& state, const planning::DiagonalBlock& block, const std::string& name);

} // namespace qzone::execution
