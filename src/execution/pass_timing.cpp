#include "pass_timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <complex>
#include <functional>
#include <vector>

#include <Kokkos_Core.hpp>

#include <runtime/apply_gate.hpp>
#include <runtime/errors.hpp>
#include <runtime/gate.hpp>
#include <runtime/reduce_ops.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone::execution {

double median_seconds(const RuntimeView& runtime, int repeats, const std::function<void()>& work) {
    work();
    Kokkos::fence();
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        Kokkos::fence();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return runtime.reduce(times[times.size() / 2], max_op{});
}

std::vector<std::complex<double>> timing_matrix(unsigned k) {
    const std::size_t dim = std::size_t{1} << k;
    std::vector<std::complex<double>> matrix(dim * dim);
    for (std::size_t r = 0; r < dim; ++r)
        for (std::size_t c = 0; c < dim; ++c)
            matrix[r * dim + c] = (__builtin_popcountll(r & c) % 2 ? -1.0 : 1.0) / std::sqrt(double(dim));
    return matrix;
}

std::vector<std::complex<double>> timing_phases() {
    std::vector<std::complex<double>> phases(1024);
    for (std::size_t i = 0; i < phases.size(); ++i) phases[i] = std::polar(1.0, 0.001 * double(i));
    return phases;
}

PassSeconds time_passes(DistributedState& state, int repeats, bool every_position) {
    const unsigned local = state.layout().local_qubits();
    if (local < 10)
        throw InputError("timing passes needs 10 qubits inside chunks; the layout keeps " + std::to_string(local));
    const double amplitudes = double(state.layout().amplitude_count_of(state.runtime().my_resource_set().mpi_rank()));
    const auto mean_seconds = [&](unsigned k, const std::function<Gate(std::vector<unsigned>)>& block_on) {
        const std::vector<unsigned> lowest_qubits = every_position
                                                        ? std::vector<unsigned>{0u, (local - k) / 2, local - k}
                                                        : std::vector<unsigned>{0u, (local - k) / 2};
        double total = 0;
        for (unsigned lowest : lowest_qubits) {
            std::vector<unsigned> targets(k);
            for (unsigned j = 0; j < k; ++j) targets[j] = lowest + j;
            const Gate block = block_on(targets);
            total += median_seconds(state.runtime(), repeats, [&] { apply_gate(state, block); });
        }
        return total / double(lowest_qubits.size()) / amplitudes;
    };
    PassSeconds seconds;
    for (unsigned k = 1; k < seconds.dense.size(); ++k)
        seconds.dense[k] =
            mean_seconds(k, [&](std::vector<unsigned> targets) { return gates::unitary(targets, timing_matrix(k)); });
    const std::vector<std::complex<double>> phases = timing_phases();
    seconds.diagonal =
        mean_seconds(10, [&](std::vector<unsigned> targets) { return gates::diagonal(targets, phases); });
    return seconds;
}

} // namespace qzone::execution
