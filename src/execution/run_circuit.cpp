#include <runtime/run.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include <runtime/checkpoint.hpp>
#include <runtime/fingerprint.hpp>
#include <runtime/measurement.hpp>

#include "../planning/planner.hpp"
#include "metrics_recorder.hpp"
#include "run_plan.hpp"

namespace qzone {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Plans end every open block after each multiple of this many operations,
/// whatever the run's options, so that a run resumed from a checkpoint
/// (taken at such a boundary) fuses exactly as an uninterrupted one.
/// Stop requests and checkpoints act at these boundaries.
constexpr std::size_t segment_operations = 64;

/// True when the circuit can be evolved once and sampled: no condition, no
/// reset, and nothing but other measurements after a qubit is measured.
bool measurements_are_terminal(const Circuit& circuit) {
    std::vector<bool> measured(circuit.qubits, false);
    for (const Operation& op : circuit.operations) {
        if (op.condition || op.kind == Operation::Kind::reset) return false;
        if (op.kind == Operation::Kind::measure) {
            measured[op.qubits[0]] = true;
        } else if (op.kind == Operation::Kind::gate) {
            for (unsigned q : op.qubits)
                if (measured[q]) return false;
        }
    }
    return true;
}

/// The counts key of classical bits: registers last-declared first, each
/// with its highest bit first, separated by spaces.
std::string counts_key(const Circuit& circuit, const std::vector<int>& bits) {
    std::string key;
    for (auto reg = circuit.classical_registers.rbegin(); reg != circuit.classical_registers.rend(); ++reg) {
        if (!key.empty()) key += ' ';
        for (unsigned j = reg->size; j-- > 0;) key += bits[reg->offset + j] ? '1' : '0';
    }
    return key;
}

/// Fingerprints after each step: recorded, or checked against a recording.
class Replay {
public:
    Replay(const RuntimeView& runtime, const ReplayOptions& options, std::uint64_t circuit_hash)
        : runtime_(runtime), options_(options), circuit_hash_(circuit_hash) {
        if (options.mode != ReplayOptions::Mode::verify) return;
        std::string error;
        if (runtime.my_resource_set().mpi_rank() == 0) error = load();
        if (const std::string first = runtime.first_error(error); !first.empty()) throw std::invalid_argument(first);
        expected_ = runtime.at(0).ram().broadcast(expected_);
    }

    /// After `step` (1-based: the number of operations done).
    void after(std::uint64_t step, const DistributedState& state) {
        if (options_.mode == ReplayOptions::Mode::off) return;
        const std::uint64_t actual = fingerprint(state);
        if (options_.mode == ReplayOptions::Mode::record) {
            recorded_.emplace_back(step, actual);
            return;
        }
        // The recording is in step order: find this step without scanning it all.
        const auto recorded = std::lower_bound(expected_.begin(), expected_.end(), std::make_pair(step, std::uint64_t{0}));
        if (recorded != expected_.end() && recorded->first == step && recorded->second != actual)
            throw ReplayDivergence(step, recorded->second, actual);
    }

    /// Writes the recording (rank 0; others wait for the outcome).
    void finish() {
        if (options_.mode != ReplayOptions::Mode::record) return;
        std::string error;
        if (runtime_.my_resource_set().mpi_rank() == 0) {
            std::ofstream file(options_.path + ".tmp");
            file << "qzone-replay 1 " << format_fingerprint(circuit_hash_) << '\n';
            for (const auto& [step, value] : recorded_) file << step << ' ' << format_fingerprint(value) << '\n';
            file.close();
            if (!file) error = "cannot write the replay file " + options_.path;
            else std::filesystem::rename(options_.path + ".tmp", options_.path);
        }
        if (const std::string first = runtime_.first_error(error); !first.empty()) throw std::runtime_error(first);
    }

private:
    std::string load() {
        std::ifstream file(options_.path);
        std::string magic, version, hash;
        if (!(file >> magic >> version >> hash) || magic != "qzone-replay" || version != "1")
            return "'" + options_.path + "' is not a qzone replay file";
        std::uint64_t step = 0;
        std::string value;
        while (file >> step >> value) expected_.emplace_back(step, std::stoull(value, nullptr, 16));
        std::sort(expected_.begin(), expected_.end()); // in step order already, unless edited by hand
        return "";
    }

    const RuntimeView& runtime_;
    const ReplayOptions& options_;
    std::uint64_t circuit_hash_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> expected_, recorded_;
};

/// Loads the newest usable checkpoint of `directory` into `state`; returns
/// the step to continue from (0 without any checkpoint file).
std::uint64_t resume(DistributedState& state, const std::string& directory, std::uint64_t circuit_hash, Rng& rng,
                     RunResult& result) {
    const std::vector<std::string> candidates = list_checkpoints(directory);
    if (candidates.empty()) {
        result.notes.push_back("no checkpoint in " + directory + "; starting from the beginning");
        return 0;
    }
    std::string reasons;
    for (const std::string& path : candidates) {
        try {
            const CheckpointMetadata metadata = read_checkpoint(state, path, circuit_hash);
            if (!rng.restore(metadata.rng_state)) throw CheckpointError(path + ": corrupted random generator state");
            result.resumed_from_step = metadata.step;
            result.notes.push_back("resumed from " + path + " at step " + std::to_string(metadata.step));
            return metadata.step;
        } catch (const CheckpointError& e) {
            result.notes.push_back(std::string(e.what()) + "; trying an older checkpoint");
            reasons += std::string("\n  ") + e.what();
        }
    }
    throw CheckpointError("no usable checkpoint in " + directory + ":" + reasons);
}

/// Writes the checkpoint for `step` and removes those beyond `keep`.
std::string save(const DistributedState& state, const RunOptions& options, std::uint64_t circuit_hash,
                 std::uint64_t step, const Rng& rng, RunResult& result) {
    const std::string path = checkpoint_path(options.checkpoint.directory, step);
    if (state.runtime().my_resource_set().mpi_rank() == 0)
        std::filesystem::create_directories(options.checkpoint.directory);
    CheckpointMetadata metadata{circuit_hash, step, rng.state(), {}, {}, 0};
    write_checkpoint(state, path, metadata);
    ++result.checkpoints_written;
    // Only now, with the new one complete, may old ones go.
    if (state.runtime().my_resource_set().mpi_rank() == 0) {
        const std::vector<std::string> existing = list_checkpoints(options.checkpoint.directory);
        for (std::size_t i = std::max<std::size_t>(options.checkpoint.keep, 1); i < existing.size(); ++i)
            std::filesystem::remove(existing[i]);
    }
    return path;
}

} // namespace

ReplayDivergence::ReplayDivergence(std::uint64_t step, std::uint64_t expected, std::uint64_t actual)
    : Error("replay diverges at step " + std::to_string(step) + ": expected fingerprint " +
            format_fingerprint(expected) + ", got " + format_fingerprint(actual)),
      step_(step), expected_(expected), actual_(actual) {}

RunResult run_circuit(const RuntimeView& runtime, const Circuit& circuit, const RunOptions& options) {
    if (circuit.qubits == 0) throw std::invalid_argument("the circuit has no qubits");
    const bool terminal = measurements_are_terminal(circuit);
    const bool wants_final_state = options.probabilities || options.amplitudes || !options.expectations.empty();
    if (!terminal && wants_final_state)
        throw std::invalid_argument("probabilities, amplitudes and expectation values describe one final state, but "
                                    "this circuit measures, resets or branches mid-circuit: each shot ends in its own "
                                    "state");
    const bool checkpointing = !options.checkpoint.directory.empty() || !options.checkpoint.resume_from.empty();
    if (!terminal && (checkpointing || options.replay.mode != ReplayOptions::Mode::off))
        throw std::invalid_argument("checkpoints and replay need a circuit whose measurements are all terminal; this "
                                    "one measures, resets or branches mid-circuit");
    if ((options.probabilities || options.amplitudes) && circuit.qubits > options.max_listed_qubits)
        throw std::invalid_argument("listing all 2^" + std::to_string(circuit.qubits) +
                                    " probabilities or amplitudes is refused above " +
                                    std::to_string(options.max_listed_qubits) + " qubits");
    std::vector<std::pair<std::string, PauliSum>> observables;
    for (const std::string& text : options.expectations) {
        observables.emplace_back(text, parse_pauli_sum(text));
        for (const auto& [weight, term] : observables.back().second)
            for (unsigned q : term.qubits())
                if (q >= circuit.qubits)
                    throw std::invalid_argument("observable '" + text + "' uses qubit " + std::to_string(q) +
                                                " of a " + std::to_string(circuit.qubits) + "-qubit circuit");
    }

    RunResult result;
    result.trajectories = !terminal;
    execution::MetricsRecorder recorder(options.metrics);
    DistributedState state(runtime, circuit.qubits, options.state);
    result.chunks = state.layout().chunk_count();
    Rng rng(options.seed);
    std::vector<int> bits(circuit.clbits, 0);
    const auto start = Clock::now();

    const unsigned local = state.layout().local_qubits();
    std::size_t done = 0;
    const auto report = [&](const planning::Step& step, std::size_t total) {
        done = step.completes.value_or(done + step.operations);
        if (options.progress) options.progress(std::min(done, total), total);
    };
    if (terminal) {
        const std::uint64_t hash = circuit_hash(circuit);
        const std::uint64_t first_step =
            options.checkpoint.resume_from.empty() ? 0 : resume(state, options.checkpoint.resume_from, hash, rng, result);
        const std::size_t steps = circuit.operations.size();
        const bool writes = !options.checkpoint.directory.empty();
        Replay replay(runtime, options.replay, hash);
        // Replay fingerprints the state after every operation, so its plan
        // cuts there; others cut at segment boundaries.
        const std::size_t cut_interval =
            options.replay.mode != ReplayOptions::Mode::off ? 1 : segment_operations;
        planning::PlanRequest request;
        request.first = first_step;
        request.end = steps;
        request.cut_after = [cut_interval](std::size_t i) { return (i + 1) % cut_interval == 0; };
        request.measurements_are_sampled = true;
        request.start = state.qubit_map();
        request.local_qubits = local;
        request.state_is_zero = !result.resumed_from_step;
        const planning::Plan plan = planning::plan_operations(circuit, request, options.plan);
        execution::summarize(plan, result.plan);
        if (plan.initial_map) state.relabel(*plan.initial_map);
        done = first_step;
        std::size_t last_boundary = first_step;
        for (const planning::Step& step : plan.steps) {
            recorder.begin(state);
            execution::run_step(state, step, bits, rng);
            report(step, steps);
            recorder.end(state, step.name(), done);
            if (!step.completes) continue;
            const std::size_t at = *step.completes, previous = last_boundary;
            last_boundary = at;
            replay.after(at, state);
            if (!writes || at == steps) continue;
            // Step boundary: a stop asked on any rank stops every rank; a
            // checkpoint is due at the first boundary past each multiple of `every`.
            const bool stop = options.stop_requested &&
                              state.runtime().reduce(options.stop_requested(), std::logical_or<>{});
            const std::size_t every = options.checkpoint.every;
            if (stop || (every > 0 && at / every != previous / every)) {
                const std::string path = save(state, options, hash, at, rng, result);
                if (stop)
                    throw RunInterrupted("stopped at step " + std::to_string(at) + " of " + std::to_string(steps) +
                                             "; checkpoint " + path,
                                         path, at);
            }
        }
        replay.finish();
        result.fingerprint = fingerprint(state);
        result.simulate_seconds = seconds_since(start);
        const auto sampling = Clock::now();
        std::vector<const Operation*> measurements;
        for (const Operation& op : circuit.operations)
            if (op.kind == Operation::Kind::measure) measurements.push_back(&op);
        if (options.shots > 0) {
            for (std::uint64_t index : sample(state, options.shots, rng)) {
                std::fill(bits.begin(), bits.end(), 0);
                for (const Operation* m : measurements) bits[m->clbit] = static_cast<int>(index >> m->qubits[0] & 1);
                ++result.counts[counts_key(circuit, bits)];
            }
        }
        if (options.probabilities) result.probabilities = probabilities_on_root(state);
        if (options.amplitudes) result.amplitudes = state.amplitudes_on_root();
        for (const auto& [text, sum] : observables) result.expectations.emplace_back(text, expectation(state, sum));
        result.sample_seconds = seconds_since(sampling);
        if (recorder.enabled()) result.metrics = recorder.finish(runtime);
        return result;
    }

    // Trajectories: the unitary prefix once, then the rest per shot.
    const auto first_branch = std::find_if(circuit.operations.begin(), circuit.operations.end(), [](const Operation& op) {
        return op.condition || op.kind == Operation::Kind::measure || op.kind == Operation::Kind::reset;
    });
    const std::size_t prefix_length = static_cast<std::size_t>(first_branch - circuit.operations.begin());
    const std::size_t total = prefix_length + options.shots * (circuit.operations.size() - prefix_length);
    planning::PlanRequest request;
    request.end = prefix_length;
    request.cut_after = [](std::size_t) { return false; };
    request.measurements_are_sampled = false;
    request.start = state.qubit_map();
    request.local_qubits = local;
    request.state_is_zero = true;
    const planning::Plan prefix_plan = planning::plan_operations(circuit, request, options.plan);
    execution::summarize(prefix_plan, result.plan);
    if (prefix_plan.initial_map) state.relabel(*prefix_plan.initial_map);
    for (const planning::Step& step : prefix_plan.steps) {
        recorder.begin(state);
        execution::run_step(state, step, bits, rng);
        report(step, total);
        recorder.end(state, step.name(), done);
    }
    request.first = prefix_length;
    request.end = circuit.operations.size();
    request.start = state.qubit_map();
    request.state_is_zero = false;
    const planning::Plan shot_plan = planning::plan_operations(circuit, request, options.plan);
    execution::summarize(shot_plan, result.plan);
    DistributedState prefix(runtime, state.layout(), options.state);
    prefix.assign(state);
    for (std::size_t shot = 0; shot < options.shots; ++shot) {
        if (shot > 0) state.assign(prefix);
        std::fill(bits.begin(), bits.end(), 0);
        for (const planning::Step& step : shot_plan.steps) {
            recorder.begin(state);
            execution::run_step(state, step, bits, rng);
            recorder.end(state, step.name(), 0); // per kind only: per step would be per shot
        }
        done = prefix_length + (shot + 1) * (circuit.operations.size() - prefix_length);
        if (options.progress) options.progress(done, total);
        ++result.counts[counts_key(circuit, bits)];
    }
    result.simulate_seconds = seconds_since(start);
    if (recorder.enabled()) result.metrics = recorder.finish(runtime);
    return result;
}

} // namespace qzone
