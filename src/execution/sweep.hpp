#pragma once
// Private (execution layer): a Sweep step run tile by tile: each tile of a
// chunk is brought into a buffer that stays in the cache, every block of the
// sweep applied to it, and written back; one pass over memory.

#include <runtime/distributed_state.hpp>

#include "../planning/plan.hpp"

namespace qzone::execution {

/// Applies `sweep`'s blocks to `state` in order, tile by tile where the
/// kernels run on the host (elsewhere block by block). The dense blocks'
/// qubits lie inside chunks. Each amplitude goes through the arithmetic of
/// the blocks one by one: the same results as without the sweep.
void run_sweep(DistributedState& state, const planning::Sweep& sweep);

} // namespace qzone::execution
