#pragma once
/// @file run.hpp
/// Running a whole circuit: the executable's engine, usable from C++.

#include <complex>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>
#include <runtime/metrics.hpp>
#include <runtime/pauli.hpp>
#include <runtime/plan_options.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone {

/// Where and how often a run writes checkpoints, and whether it resumes.
struct CheckpointOptions {
    std::string directory;      ///< where checkpoints are written; empty: none
    /// Write one at the first plan boundary (every 64 operations) at or past
    /// each multiple of this many circuit steps; 0: only when stopped.
    std::size_t every = 0;
    std::size_t keep = 2;       ///< how many to keep (at least 1); older ones are removed after a new one is complete
    std::string resume_from;    ///< resume from the newest valid checkpoint here; empty: start afresh
};

/// Per-step fingerprints: record them, or verify a run against a recording.
struct ReplayOptions {
    enum class Mode { off, record, verify };
    Mode mode = Mode::off;
    std::string path; ///< the recording (written by rank 0, read by rank 0 and shared)
};

/// Thrown (on every rank) by a verifying run that does not match its
/// recording: at the first step whose state fingerprint differs, or when the
/// recording does not cover the run step for step (a truncated recording,
/// extra steps, another circuit's recording).
class ReplayDivergence : public InputError {
public:
    ReplayDivergence(const std::string& message, std::uint64_t step) : InputError(message), step_(step) {}
    /// The first step that does not match (0: the recording as a whole).
    std::uint64_t step() const noexcept { return step_; }

private:
    std::uint64_t step_;
};

/// Thrown (on every rank) when stop_requested() asked a run to stop: the
/// checkpoint written at that step boundary ("" when checkpoints are off).
class RunInterrupted : public Error {
public:
    RunInterrupted(const std::string& message, std::string checkpoint, std::uint64_t step)
        : Error(message, ErrorKind::interrupted), checkpoint_(std::move(checkpoint)), step_(step) {}
    const std::string& checkpoint() const noexcept { return checkpoint_; }
    std::uint64_t step() const noexcept { return step_; }

private:
    std::string checkpoint_;
    std::uint64_t step_;
};

/// What to compute when running a circuit.
struct RunOptions {
    std::size_t shots = 1024;
    std::uint64_t seed = 1;
    bool probabilities = false;                   ///< all 2^n probabilities of the final state
    bool amplitudes = false;                      ///< all 2^n amplitudes of the final state
    bool memory = false;                          ///< each shot's outcome, in shot order (RunResult::memory)
    /// Hand the final state to the caller (RunResult::state) instead of
    /// freeing it; a circuit whose measurements are all terminal only.
    bool keep_state = false;
    std::vector<std::string> expectations;        ///< weighted Pauli sums, e.g. "0.5*Z0Z1 + X2"
    unsigned max_listed_qubits = 24;              ///< refuse probabilities/amplitudes above this
    StateOptions state;
    /// Called on every rank after each step of the plan (after each shot for
    /// the per-shot part of a trajectory circuit) with (done, total)
    /// operations of the whole run (every shot's for trajectories).
    std::function<void(std::size_t done, std::size_t total)> progress;
    CheckpointOptions checkpoint;
    ReplayOptions replay;
    bool metrics = false; ///< time every plan step and count exchanged bytes (RunResult::metrics)
    PlanOptions plan;
    /// Polled on every rank at each plan boundary (every 64 operations) of a
    /// sampling run and after each shot of a trajectory run; if it returns
    /// true on any rank, every rank stops together and the run throws
    /// RunInterrupted: after writing a checkpoint when checkpoints are on,
    /// with no checkpoint (an empty path) otherwise. Each poll costs one
    /// all-reduce of a bool.
    std::function<bool()> stop_requested;
};

/// What a run produced. Counts are keyed in Qiskit's convention: each
/// classical register's bits, highest first, registers separated by a space,
/// the last declared register leftmost.
struct RunResult {
    std::map<std::string, std::size_t> counts;
    /// When RunOptions::memory: each shot's key (as in counts), in shot order, on every rank.
    std::vector<std::string> memory;
    bool trajectories = false; ///< mid-circuit measurement, reset or if: one state evolution per shot
    std::optional<std::vector<double>> probabilities;                 ///< on rank 0
    std::optional<std::vector<std::complex<double>>> amplitudes;      ///< on rank 0
    std::vector<std::pair<std::string, double>> expectations;
    double simulate_seconds = 0, sample_seconds = 0;
    PartitionLayout::index_type chunks = 0;
    std::string transport;                      ///< DistributedState::transport() of the run's state
    std::uint64_t fingerprint = 0;              ///< of the final state (sampling runs)
    std::optional<std::uint64_t> resumed_from_step;
    std::size_t checkpoints_written = 0;
    std::vector<std::string> notes;             ///< e.g. checkpoints skipped while resuming, and why
    std::optional<RunMetrics> metrics;          ///< when RunOptions::metrics
    PlanSummary plan;
    /// When RunOptions::keep_state: the final state, terminal measurements
    /// not applied, under the qubit map the run left (align_qubit_map()
    /// restores the identity).
    std::shared_ptr<DistributedState> state;
};

/// Runs `circuit` on the ranks of `runtime`. If every measurement is terminal
/// (no gate or reset touches a measured qubit later, no `if`), the state is
/// evolved once and all shots are sampled from it; otherwise each shot is a
/// trajectory, and the unitary prefix before the first measurement, reset or
/// `if` is simulated once and reused. Probabilities, amplitudes and
/// expectation values describe the final state with terminal measurements
/// removed, so they need a circuit of the first kind. Collective; the same
/// seed gives the same counts on any rank count.
/// Checkpoints (options.checkpoint) are written at step boundaries, where a
/// step is one operation of the circuit; they need a circuit of the first
/// kind. Resuming loads the newest valid checkpoint of the directory into any
/// rank count, skipping unusable ones (named in RunResult::notes); with no
/// checkpoint there at all, the run starts from the beginning.
/// @throw qzone::InputError (on every rank) for a request that cannot be
///        met: more than max_listed_qubits for probabilities/amplitudes,
///        final-state quantities (keep_state too) or checkpoints of a trajectory circuit, a bad
///        observable; qzone::CheckpointError if checkpoints exist but none is
///        usable, or one cannot be written; qzone::RunInterrupted as above;
///        and whatever DistributedState and apply_gate throw.
RunResult run_circuit(const RuntimeView& runtime, const Circuit& circuit, const RunOptions& options);

} // namespace qzone
