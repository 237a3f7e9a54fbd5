#pragma once
/// @file run.hpp
/// Running a whole circuit: the executable's engine, usable from C++.

#include <complex>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/pauli.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone {

/// What to compute when running a circuit.
struct RunOptions {
    std::size_t shots = 1024;
    std::uint64_t seed = 1;
    bool probabilities = false;                   ///< all 2^n probabilities of the final state
    bool amplitudes = false;                      ///< all 2^n amplitudes of the final state
    std::vector<std::string> expectations;        ///< weighted Pauli sums, e.g. "0.5*Z0Z1 + X2"
    unsigned max_listed_qubits = 24;              ///< refuse probabilities/amplitudes above this
    StateOptions state;
    /// Called on every rank after each applied operation with (done, total)
    /// operations of the whole run (every shot's for trajectories).
    std::function<void(std::size_t done, std::size_t total)> progress;
};

/// What a run produced. Counts are keyed in Qiskit's convention: each
/// classical register's bits, highest first, registers separated by a space,
/// the last declared register leftmost.
struct RunResult {
    std::map<std::string, std::size_t> counts;
    bool trajectories = false; ///< mid-circuit measurement, reset or if: one state evolution per shot
    std::optional<std::vector<double>> probabilities;                 ///< on rank 0
    std::optional<std::vector<std::complex<double>>> amplitudes;      ///< on rank 0
    std::vector<std::pair<std::string, double>> expectations;
    double simulate_seconds = 0, sample_seconds = 0;
    PartitionLayout::index_type chunks = 0;
};

/// Runs `circuit` on the ranks of `runtime`. If every measurement is terminal
/// (no gate or reset touches a measured qubit later, no `if`), the state is
/// evolved once and all shots are sampled from it; otherwise each shot is a
/// trajectory, and the unitary prefix before the first measurement, reset or
/// `if` is simulated once and reused. Probabilities, amplitudes and
/// expectation values describe the final state with terminal measurements
/// removed, so they need a circuit of the first kind. Collective; the same
/// seed gives the same counts on any rank count.
/// @throw std::invalid_argument (on every rank) for a request that cannot be
///        met: more than max_listed_qubits for probabilities/amplitudes,
///        final-state quantities of a trajectory circuit, a bad observable;
///        and whatever DistributedState and apply_gate throw.
RunResult run_circuit(const RuntimeView& runtime, const Circuit& circuit, const RunOptions& options);

} // namespace qzone
