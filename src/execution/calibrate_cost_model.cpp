// calibrate_cost_model(): the cost model measured on this process alone.

#include <runtime/cost_model.hpp>

#include <algorithm>
#include <vector>

#include <unistd.h>

#include <mpi.h>

#include <runtime/distributed_state.hpp>
#include <runtime/runtime_view.hpp>

#include "../planning/sweeps.hpp"
#include "pass_timing.hpp"
#include "sweep.hpp"

namespace qzone {
namespace {

/// `seconds` in units of `unit` seconds, at least 1% of one: a cost found
/// as the difference of two timings can come out at or below zero on a busy
/// machine, which no model may hold (it would be measured again every run).
double relative(double seconds, double unit) { return std::max(seconds / unit, 0.01); }
PassCosts relative(const execution::PassSeconds& seconds, double unit) {
    PassCosts costs;
    for (unsigned k = 1; k < costs.dense.size(); ++k) costs.dense[k] = relative(seconds.dense[k], unit);
    costs.diagonal = relative(seconds.diagonal, unit);
    return costs;
}

/// The blocks time_passes times, on `k` (10 for the diagonal) qubits from `first`.
std::vector<unsigned> qubits_from(unsigned first, unsigned k) {
    std::vector<unsigned> qubits(k);
    for (unsigned j = 0; j < k; ++j) qubits[j] = first + j;
    return qubits;
}
planning::DenseBlock dense_block(unsigned first, unsigned k) {
    return {qubits_from(first, k), execution::timing_matrix(k)};
}
planning::DiagonalBlock diagonal_block(unsigned first) { return {qubits_from(first, 10), execution::timing_phases()}; }

/// Seconds per amplitude of sweeps over `state` applying `block` once and
/// `times` times: (the sweep's own cost, each block's in it).
template<class Block>
std::pair<double, double> sweep_seconds(DistributedState& state, const planning::Sweep& shape, const Block& block,
                                        int times) {
    const auto timed = [&](int copies) {
        planning::Sweep sweep = shape;
        sweep.blocks.assign(static_cast<std::size_t>(copies), block);
        return execution::median_seconds(state.runtime(), 1, [&] { execution::run_sweep(state, sweep); });
    };
    const double amplitudes = double(state.layout().amplitude_count());
    const double once = timed(1) / amplitudes, each = (timed(times) / amplitudes - once) / (times - 1);
    return {once - each, each};
}

} // namespace

CostModel calibrate_cost_model(Precision precision) {
    const RuntimeView self(MPI_COMM_SELF);
    const long level2 = ::sysconf(_SC_LEVEL2_CACHE_SIZE);
    CostModel model;
    model.cache_bytes = level2 > 0 ? static_cast<std::uint64_t>(level2) : std::uint64_t{1} << 20;
    // 32 MiB: beyond a core's caches.
    StateOptions options;
    options.precision = precision;
    options.share_node_memory = false;
    const unsigned qubits = precision == Precision::single ? 22 : 21;
    DistributedState state(self, qubits, options);
    const execution::PassSeconds memory = execution::time_passes(state, 3, false);
    model.in_memory = relative(memory, memory.dense[1]);
    model.in_memory.dense[1] = 1; // exactly, as the format requires
    // In the cache: blocks in sweeps whose tiles are fetched in runs of 128
    // amplitudes (the most qubits a sweep takes, high in the chunk), each
    // block's cost the growth of the sweep's time with one more of it. Blocks
    // on 5 and 6 qubits, bound by arithmetic, cost in the cache what they
    // cost beyond it, in the proportion of those on 4 (timing them would
    // double the calibration's time).
    const unsigned tile = planning::tile_bits_for(model.cache_bytes, amplitude_bytes(precision));
    planning::Sweep shape{{}, tile, {}};
    for (unsigned q = qubits - planning::sweep_qubits(tile); q < qubits; ++q) shape.qubits.push_back(q);
    const unsigned first = shape.qubits.front();
    execution::PassSeconds cache;
    double sweep_pass = 0;
    for (unsigned k = 1; k <= 4; ++k) cache.dense[k] = sweep_seconds(state, shape, dense_block(first, k), 9).second;
    for (unsigned k = 5; k <= 6; ++k) cache.dense[k] = memory.dense[k] * cache.dense[4] / memory.dense[4];
    std::tie(sweep_pass, cache.diagonal) = sweep_seconds(state, shape, diagonal_block(first - 5), 9);
    model.in_cache = relative(cache, memory.dense[1]);
    model.sweep_pass = relative(sweep_pass, memory.dense[1]);
    model.source = "calibrated";
    return model;
}

} // namespace qzone
