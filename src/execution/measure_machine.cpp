// measure_machine(): the MachineModel of the machine at hand, from passes of
// the real kernels over a state of one rank and a memory copy.

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
#include <runtime/runtime_view.hpp>

#include "remap.hpp"

namespace qzone {
namespace {

/// The median of three timed runs of `work`, after one untimed.
double median_seconds(const std::function<void()>& work) {
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
    return times[1];
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
    if (runtime.size() != 1)
        throw InputError("measure_machine: the machine is measured on one rank, not " + std::to_string(runtime.size()));
    constexpr unsigned qubits = 22; // 64 MiB in double precision: far beyond the caches
    StateOptions options;
    options.precision = precision;
    options.share_node_memory = false;
    DistributedState state(runtime, qubits, options);
    const double amplitudes = double(state.layout().amplitude_count());

    // Blocks on the lowest, middle and highest qubits stride memory
    // differently; a circuit's blocks fall anywhere, so the mean is taken.
    const auto mean_pass_seconds = [&](unsigned k, const std::function<Gate(std::vector<unsigned>)>& block_on) {
        double total = 0;
        for (unsigned lowest : {0u, (qubits - k) / 2, qubits - k}) {
            std::vector<unsigned> targets(k);
            for (unsigned j = 0; j < k; ++j) targets[j] = lowest + j;
            const Gate block = block_on(targets);
            total += median_seconds([&] { apply_gate(state, block); });
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

    // An exchange stage between two chunks of this rank: half of each moves.
    DistributedState two_chunks(runtime, PartitionLayout::balanced(qubits, 1, 1), options);
    const double moved = amplitudes / 2 * double(amplitude_bytes(precision));
    machine.memory_exchange_bandwidth =
        moved / median_seconds([&] { execution::exchange_positions(two_chunks, {{qubits - 1, qubits / 2}}); });

    const std::size_t bytes = std::size_t{64} << 20;
    std::vector<char> from(bytes, 1), to(bytes, 0);
    machine.copy_bandwidth = double(bytes) / median_seconds([&] { std::memcpy(to.data(), from.data(), bytes); });
    // One node cannot measure its network: a message within a node is
    // copied into shared memory and out again; between nodes, 100 Gb/s.
    machine.intra_node_bandwidth = machine.copy_bandwidth / 2;
    machine.intra_node_latency = 1e-6;
    machine.inter_node_bandwidth = 12.5e9;
    machine.inter_node_latency = 2e-6;
    machine.cores_per_node = std::max(1u, std::thread::hardware_concurrency());
    machine.memory_per_node_bytes = double(runtime.my_resource_set().ram().available_space());
    return machine;
}

} // namespace qzone
