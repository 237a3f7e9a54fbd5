#pragma once
// Private (execution layer): moving qubits between chunk-index positions and
// positions inside chunks, the data movement of the lazy qubit map.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>

#include <kernel_types.hpp>

namespace qzone::execution {

/// Chunk c and chunk c ^ flip (for every c of this rank with
/// `participates(c)`) trade the amplitudes `select(c)` and `select(c ^ flip)`
/// pick, k-th for k-th: a swap across chunks. Collective.
/// @throw qzone::MpiError if MPI fails.
void swap_between_chunks(DistributedState& state, std::uint64_t flip, const std::function<bool(std::uint64_t)>& participates,
                         const std::function<kernels::BitPattern(std::uint64_t)>& select);

/// One exchange stage: for each (chunk-index position, in-chunk position)
/// pair, the qubits at the two positions trade places, all pairs in one pass
/// over the state: each chunk keeps 1/2^m of its amplitudes and trades the
/// rest with 2^m - 1 partners, and the state is relabelled to match.
/// Collective. @throw qzone::InputError if a position is on the wrong
/// side or repeated; qzone::MpiError if MPI fails.
void exchange_positions(DistributedState& state, const std::vector<std::pair<unsigned, unsigned>>& global_local_pairs);

/// Moves the qubits `needed` that lie between chunks inside them, in one
/// exchange stage, evicting the qubits at the highest in-chunk positions
/// that are not needed. Nothing happens when all are inside already.
/// Collective. @throw qzone::Error naming `what` (e.g. "gate 'cx'") if the layout has fewer
/// in-chunk qubits than `needed`; qzone::MpiError if MPI fails.
void bring_into_chunks(DistributedState& state, const std::vector<unsigned>& needed, const std::string& what);

} // namespace qzone::execution
