// measure_machine(): the MachineModel of the machine at hand, from passes of
// the real kernels, exchange stages in memory and (on two ranks) through MPI,
// and a memory copy.

#include <runtime/machine_model.hpp>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>
#include <runtime/runtime_view.hpp>

#include "pass_timing.hpp"
#include "remap.hpp"

namespace qzone {

using execution::median_seconds;

MachineModel measure_machine(const RuntimeView& runtime, Precision precision) {
    const std::size_t ranks = runtime.size();
    if (ranks > 2)
        throw InputError("measure_machine: the machine is measured on one or two ranks, not " + std::to_string(ranks));
    // 2^22 amplitudes per rank (64 MiB in double precision: far beyond the
    // caches) in two chunks, so that a stage on the low chunk bit stays in
    // each rank's memory and, on two ranks, one on the high bit goes through MPI.
    const unsigned global = ranks == 2 ? 2 : 1, qubits = 21 + global, local = 21;
    StateOptions options;
    options.precision = precision;
    options.share_node_memory = false;
    DistributedState state(runtime, PartitionLayout::balanced(qubits, ranks, global), options);
    const double amplitudes = double(std::uint64_t{1} << 22); // per rank
    const double half_of_share = amplitudes / 2 * double(amplitude_bytes(precision));

    MachineModel machine;
    const execution::PassSeconds passes = execution::time_passes(state, 3, true);
    machine.dense_pass_seconds = passes.dense;
    machine.diagonal_pass_seconds = passes.diagonal;

    // Exchange stages move half of every chunk: in memory, then through MPI.
    machine.memory_exchange_bandwidth =
        half_of_share / median_seconds(runtime, 3, [&] { execution::exchange_positions(state, {{local, local / 2}}); });
    const std::size_t bytes = std::size_t{64} << 20;
    std::vector<char> from(bytes, 1), to(bytes, 0);
    machine.copy_bandwidth =
        double(bytes) / median_seconds(runtime, 3, [&] { std::memcpy(to.data(), from.data(), bytes); });
    // Without a second rank: packing, MPI's one copy (single-copy shared
    // memory) and unpacking, each at the copy rate. Between nodes: 100 Gb/s
    // InfiniBand, packing not included. Measured below where two ranks allow.
    machine.intra_node_bandwidth = machine.copy_bandwidth / 3;
    machine.intra_node_latency = 1e-6;
    machine.inter_node_bandwidth = 12.5e9;
    machine.inter_node_latency = 2e-6;
    machine.intra_node_measured = machine.inter_node_measured = false;
    if (ranks == 2) {
        const double rate =
            half_of_share /
            median_seconds(runtime, 3, [&] { execution::exchange_positions(state, {{local + 1, local / 2}}); });
        if (runtime.at(0).node_index() == runtime.at(1).node_index()) {
            machine.intra_node_bandwidth = rate;
            machine.intra_node_measured = true;
        } else {
            // The rate includes packing and unpacking, which the model adds for traffic between nodes.
            machine.inter_node_bandwidth = 1 / std::max(1 / rate - 2 / machine.copy_bandwidth, 1 / rate / 3);
            machine.inter_node_measured = true;
        }
    }
    machine.cores_per_node = std::max(1u, std::thread::hardware_concurrency());
    machine.memory_per_node_bytes = double(runtime.my_resource_set().ram().available_space());
    return machine;
}

} // namespace qzone
