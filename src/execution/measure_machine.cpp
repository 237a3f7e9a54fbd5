// measure_machine(): the MachineModel of the machine at hand, from passes of
// the real kernels, exchange stages in memory and (on two ranks) through MPI,
// and a memory copy.

#include <runtime/machine_model.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <Kokkos_Core.hpp>

#include <runtime/apply_gate.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>
#include <runtime/gate.hpp>
#include <runtime/reduce_ops.hpp>
#include <runtime/runtime_view.hpp>

#include "remap.hpp"

namespace qzone {
namespace {

/// The median of three timed runs of `work`, after one untimed; the slowest
/// rank's. Collective.
double median_seconds(const RuntimeView& runtime, const std::function<void()>& work) {
    work();
    Kokkos::fence();
    std::vector<double> times;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        Kokkos::fence();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return runtime.reduce(times[1], max_op{});
}

/// The tensor power of H on `k` qubits: dense, every entry non-zero.
std::vector<std::complex<double>> hadamards(unsigned k) {
    const std::size_t dim = std::size_t{1} << k;
    std::vector<std::complex<double>> matrix(dim * dim);
    for (std::size_t r = 0; r < dim; ++r)
        for (std::size_t c = 0; c < dim; ++c)
            matrix[r * dim + c] = (__builtin_popcountll(r & c) % 2 ? -1.0 : 1.0) / std::sqrt(double(dim));
    return matrix;
}

} // namespace

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

    // Blocks on the lowest, middle and highest qubits stride memory
    // differently; a circuit's blocks fall anywhere, so the mean is taken.
    const auto mean_pass_seconds = [&](unsigned k, const std::function<Gate(std::vector<unsigned>)>& block_on) {
        double total = 0;
        for (unsigned lowest : {0u, (local - k) / 2, local - k}) {
            std::vector<unsigned> targets(k);
            for (unsigned j = 0; j < k; ++j) targets[j] = lowest + j;
            const Gate block = block_on(targets);
            total += median_seconds(runtime, [&] { apply_gate(state, block); });
        }
        return total / 3 / amplitudes;
    };
    MachineModel machine;
    for (unsigned k = 1; k < machine.dense_pass_seconds.size(); ++k)
        machine.dense_pass_seconds[k] =
            mean_pass_seconds(k, [&](std::vector<unsigned> targets) { return gates::unitary(targets, hadamards(k)); });
    std::vector<std::complex<double>> phases(1024);
    for (std::size_t i = 0; i < phases.size(); ++i) phases[i] = std::polar(1.0, 0.001 * double(i));
    machine.diagonal_pass_seconds =
        mean_pass_seconds(10, [&](std::vector<unsigned> targets) { return gates::diagonal(targets, phases); });

    // Exchange stages move half of every chunk: in memory, then through MPI.
    machine.memory_exchange_bandwidth =
        half_of_share / median_seconds(runtime, [&] { execution::exchange_positions(state, {{local, local / 2}}); });
    const std::size_t bytes = std::size_t{64} << 20;
    std::vector<char> from(bytes, 1), to(bytes, 0);
    machine.copy_bandwidth = double(bytes) / median_seconds(runtime, [&] { std::memcpy(to.data(), from.data(), bytes); });
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
            half_of_share / median_seconds(runtime, [&] { execution::exchange_positions(state, {{local + 1, local / 2}}); });
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
