#pragma once
// Private (planning layer): cache-blocked passes. Consecutive blocks that
// together touch few enough qubits become one Sweep, applied tile by tile:
// one pass over memory instead of one per block.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <runtime/cost_model.hpp>
#include <runtime/qubit_map.hpp>

#include "plan.hpp"

namespace qzone::planning {

/// The tile of a sweep: the most amplitudes of `amplitude_bytes` bytes that
/// fit in half of `cache_bytes` (a core's level-2 cache), as a power of two
/// (at least 2^10).
unsigned tile_bits_for(std::uint64_t cache_bytes, std::size_t amplitude_bytes);

/// The most qubits a sweep's dense blocks may touch with tiles of
/// 2^tile_bits: seven positions stay for the lowest others, so that a tile
/// is fetched in runs of at least 128 consecutive amplitudes.
unsigned sweep_qubits(unsigned tile_bits);

/// `steps` (placed: every dense block's qubits inside chunks, qubits at
/// the positions `start` gives before the first) with runs of consecutive
/// unconditioned block steps gathered into Sweep steps: a run grows while
/// its dense qubits number at most sweep_qubits(tile_bits), and ends at a
/// step boundary (a step with `completes`, whose mark the sweep takes). A run
/// of two blocks or more becomes a sweep where that pays by the cost model
/// (one block alone is the same work without tiles): its blocks' passes
/// beyond the caches (`in_memory`) cost more than the same blocks on tiles
/// in the cache (`in_cache`) plus the sweep's own pass: `sweep_pass` where
/// tiles are fetched, or where every dense qubit of the run lies below the
/// tile's size (of 2^min(tile_bits, local_qubits) amplitudes), so that tiles
/// are consecutive amplitudes worked on in place, only what memory adds to a
/// one-qubit pass (in_memory less in_cache). Exchanges, gates and other
/// steps stay as they are. Pure.
std::vector<Step> gather_sweeps(std::vector<Step> steps, const QubitMap& start, unsigned local_qubits,
                                unsigned tile_bits, const PassCosts& in_memory, const PassCosts& in_cache,
                                double sweep_pass);

/// What `steps` (placed, as gather_sweeps leaves them; qubits at the
/// positions `start` gives before the first) cost by the model, in
/// one-qubit passes beyond the caches: a block its `in_memory` cost, a
/// sweep its own pass (as gather_sweeps prices it) and its blocks'
/// `in_cache` costs, a gate that was not fused as a block of its targets,
/// a permutation as a diagonal. Exchanges, relabels, measurements and
/// resets count nothing. Pure.
double plan_cost(const std::vector<Step>& steps, const QubitMap& start, unsigned local_qubits, unsigned tile_bits,
                 const PassCosts& in_memory, const PassCosts& in_cache, double sweep_pass);

} // namespace qzone::planning
