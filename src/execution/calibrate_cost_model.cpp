// calibrate_cost_model(): the cost model measured on this process alone.

#include <runtime/cost_model.hpp>

#include <unistd.h>

#include <mpi.h>

#include <runtime/distributed_state.hpp>
#include <runtime/runtime_view.hpp>

#include "pass_timing.hpp"

namespace qzone {
namespace {

/// Pass costs relative to the one-qubit pass, from passes timed over a
/// state of 2^qubits amplitudes held by this process alone.
PassCosts relative_costs(const RuntimeView& self, unsigned qubits, Precision precision, int repeats) {
    StateOptions options;
    options.precision = precision;
    options.share_node_memory = false;
    DistributedState state(self, qubits, options);
    const execution::PassSeconds seconds = execution::time_passes(state, repeats);
    PassCosts costs;
    for (unsigned k = 1; k < costs.dense.size(); ++k) costs.dense[k] = seconds.dense[k] / seconds.dense[1];
    costs.diagonal = seconds.diagonal / seconds.dense[1];
    return costs;
}

} // namespace

CostModel calibrate_cost_model(Precision precision) {
    const RuntimeView self(MPI_COMM_SELF);
    const long level2 = ::sysconf(_SC_LEVEL2_CACHE_SIZE);
    CostModel model;
    model.cache_bytes = level2 > 0 ? static_cast<std::uint64_t>(level2) : std::uint64_t{1} << 20;
    // 32 MiB: beyond a core's caches. In the cache: a quarter of it (at
    // least 2^10 amplitudes, for the 10-qubit diagonal).
    const unsigned per_amplitude = precision == Precision::single ? 3 : 4; // log2 of amplitude bytes
    model.in_memory = relative_costs(self, 25 - per_amplitude, precision, 1);
    unsigned cached = 10;
    while ((std::uint64_t{4} << (cached + 1 + per_amplitude)) <= model.cache_bytes) ++cached;
    model.in_cache = relative_costs(self, cached, precision, 21);
    model.in_memory.dense[1] = model.in_cache.dense[1] = 1; // exactly, as the format requires
    model.source = "calibrated";
    return model;
}

} // namespace qzone
