#include <runtime/run.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include <runtime/apply_gate.hpp>
#include <runtime/checkpoint.hpp>
#include <runtime/fingerprint.hpp>
#include <runtime/measurement.hpp>

#include "metrics_recorder.hpp"

namespace qzone {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

bool is_quantum_step(const Operation& op) { return op.kind != Operation::Kind::barrier; }

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

bool condition_holds(const std::optional<ClassicalCondition>& condition, const std::vector<int>& bits) {
    if (!condition) return true;
    std::uint64_t value = 0;
    for (unsigned j = 0; j < condition->width && j < 64; ++j)
        value |= static_cast<std::uint64_t>(bits[condition->first_bit + j]) << j;
    return condition->width <= 64 ? value == condition->value : false;
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

    std::size_t done = 0;
    const auto report = [&](std::size_t total) {
        if (options.progress) options.progress(++done, total);
    };
    if (terminal) {
        const std::uint64_t hash = circuit_hash(circuit);
        const std::uint64_t first_step =
            options.checkpoint.resume_from.empty() ? 0 : resume(state, options.checkpoint.resume_from, hash, rng, result);
        const std::size_t steps = circuit.operations.size();
        const bool writes = !options.checkpoint.directory.empty();
        Replay replay(runtime, options.replay, hash);
        done = first_step;
        for (std::size_t step = first_step; step < steps; ++step) {
            const Operation& op = circuit.operations[step];
            if (op.kind == Operation::Kind::gate) {
                recorder.begin();
                apply_gate(state, op.gate);
                recorder.end(op.gate.name, step + 1);
            }
            report(steps);
            replay.after(step + 1, state);
            if (!writes || step + 1 == steps) continue;
            // Step boundary: a stop asked on any rank stops every rank.
            const bool stop = options.stop_requested &&
                              state.runtime().reduce(options.stop_requested(), std::logical_or<>{});
            if (stop || (options.checkpoint.every > 0 && (step + 1) % options.checkpoint.every == 0)) {
                const std::string path = save(state, options, hash, step + 1, rng, result);
                if (stop)
                    throw RunInterrupted("stopped at step " + std::to_string(step + 1) + " of " +
                                             std::to_string(steps) + "; checkpoint " + path,
                                         path, step + 1);
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
    const std::size_t total =
        prefix_length + options.shots * static_cast<std::size_t>(circuit.operations.end() - first_branch);
    for (auto op = circuit.operations.begin(); op != first_branch; ++op) {
        if (op->kind == Operation::Kind::gate) {
            recorder.begin();
            apply_gate(state, op->gate);
            recorder.end(op->gate.name, static_cast<std::uint64_t>(op - circuit.operations.begin()) + 1);
        }
        report(total);
    }
    DistributedState prefix(runtime, state.layout(), options.state);
    prefix.assign(state);
    for (std::size_t shot = 0; shot < options.shots; ++shot) {
        if (shot > 0) state.assign(prefix);
        std::fill(bits.begin(), bits.end(), 0);
        for (auto op = first_branch; op != circuit.operations.end(); ++op) {
            report(total);
            if (!is_quantum_step(*op) || !condition_holds(op->condition, bits)) continue;
            switch (op->kind) {
            case Operation::Kind::gate:
                recorder.begin();
                apply_gate(state, op->gate);
                recorder.end(op->gate.name, 0); // per kind only: per step would be per shot
                break;
            case Operation::Kind::measure: bits[op->clbit] = measure(state, op->qubits[0], rng); break;
            case Operation::Kind::reset: reset(state, op->qubits[0], rng); break;
            case Operation::Kind::barrier: break;
            }
        }
        ++result.counts[counts_key(circuit, bits)];
    }
    result.simulate_seconds = seconds_since(start);
    if (recorder.enabled()) result.metrics = recorder.finish(runtime);
    return result;
}

} // namespace qzone
