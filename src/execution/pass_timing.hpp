#pragma once
// Private (execution layer): timing passes of the real kernels over a state,
// for the cost model (calibrate_cost_model) and the machine model
// (measure_machine).

#include <array>
#include <complex>
#include <functional>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone::execution {

/// The median of `repeats` timed runs of `work`, after one untimed (and a
/// Kokkos fence after each); the slowest rank's. Collective.
double median_seconds(const RuntimeView& runtime, int repeats, const std::function<void()>& work);

/// The dense block passes are timed with: the tensor power of H on `k`
/// qubits (every entry non-zero).
std::vector<std::complex<double>> timing_matrix(unsigned k);
/// The diagonal block passes are timed with: 2^10 distinct phases.
std::vector<std::complex<double>> timing_phases();

/// Seconds per amplitude of a rank's share for one pass over a state.
struct PassSeconds {
    std::array<double, 7> dense{}; ///< a dense block on k qubits (k = 1..6; [0] unused)
    double diagonal = 0;           ///< a diagonal block on 10 qubits
};

/// Times passes over `state` applying dense blocks (tensor powers of H:
/// every entry non-zero) on 1 to 6 qubits and a 10-qubit diagonal, each the
/// mean over blocks on the lowest and the middle in-chunk qubits (a
/// circuit's blocks fall anywhere, and on the lowest, among a vector's
/// lanes, they cost more) or, with `every_position`, the lowest, middle and
/// highest; each the median of `repeats` timed passes after an untimed one;
/// the slowest rank's. Changes the amplitudes. Collective.
/// @throw qzone::InputError if the state keeps fewer than 10 qubits inside chunks.
PassSeconds time_passes(DistributedState& state, int repeats, bool every_position);

} // namespace qzone::execution
