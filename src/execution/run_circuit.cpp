#include <runtime/run.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <sstream>

#include <runtime/cost_model.hpp>
#include <runtime/detail/seconds_since.hpp>
#include <runtime/errors.hpp>
#include <runtime/files.hpp>
#include <runtime/fingerprint.hpp>
#include <runtime/measurement.hpp>
#include <runtime/partition_layout.hpp>

#include "../planning/locality_schedule.hpp"
#include "../planning/planner.hpp"
#include "../state/node_memory.hpp"
#include "checkpointing.hpp"
#include "metrics_recorder.hpp"
#include "replay.hpp"
#include "run_plan.hpp"

namespace qzone {
namespace {

using detail::Clock;
using detail::seconds_since;
using planning::measurements_are_terminal;
using planning::segment_operations;

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

/// The one loop over a plan: each step run on `state` and timed by
/// `recorder` under the circuit step `progress(step)` returns (0: counted per
/// kind only); then `boundary(step)`, outside the timing, when given.
void run_steps(DistributedState& state, const planning::Plan& plan, std::vector<int>& bits, Rng& rng,
               execution::MetricsRecorder& recorder, const std::function<std::size_t(const planning::Step&)>& progress,
               const std::function<void(const planning::Step&)>& boundary = {}) {
    for (const planning::Step& step : plan.steps) {
        recorder.begin(state);
        execution::run_step(state, step, bits, rng);
        recorder.end(state, step.name(), progress(step));
        if (boundary) boundary(step);
    }
}

/// Refuses, before anything is allocated, a listing of probabilities or
/// amplitudes that rank 0 could not hold beside its node's share of the
/// state: gathered in basis order, amplitudes take 32 bytes each on rank 0
/// (stored order, then basis order), probabilities 24 (8 kept beside
/// amplitudes). Collective.
void check_listing_memory(const RuntimeView& runtime, const Circuit& circuit, const RunOptions& options) {
    if (!options.probabilities && !options.amplitudes) return;
    const double amplitudes = std::ldexp(1.0, static_cast<int>(circuit.qubits));
    const double listing = amplitudes * (options.amplitudes ? 32.0 + (options.probabilities ? 8.0 : 0.0) : 24.0);
    runtime.on_root([&] {
        const PartitionLayout layout = PartitionLayout::balanced(circuit.qubits, runtime.size());
        const double state_here = detail::amplitude_bytes_on_node(runtime, layout, options.state.precision,
                                                                  runtime.at(0).node_index())
                                      .first;
        const double available = double(runtime.my_resource_set().ram().available_space());
        if (state_here + listing > available) {
            std::ostringstream message;
            message.precision(3);
            message << "listing the " << (options.amplitudes ? "amplitudes" : "probabilities") << " of "
                    << circuit.qubits << " qubits needs " << listing / double(1ull << 30)
                    << " GiB on rank 0 beside its node's " << state_here / double(1ull << 30) << " GiB of the state, but "
                    << available / double(1ull << 30) << " GiB are available there; leave the listing out "
                    << "(counts and expectations need none)";
            throw ResourceError(message.str());
        }
    });
}

/// Where `state`'s chunks live, as the planner sees it.
planning::ChunkTopology chunk_topology(const DistributedState& state) {
    const RuntimeView& runtime = state.runtime();
    std::vector<std::size_t> node_of_rank(runtime.size());
    for (std::size_t r = 0; r < node_of_rank.size(); ++r) node_of_rank[r] = runtime.at(r).node_index();
    return planning::ChunkTopology(state.layout(), std::move(node_of_rank), state.shares_node_memory(),
                                   amplitude_bytes(state.precision()));
}

} // namespace

RunResult run_circuit(const RuntimeView& runtime, const Circuit& circuit, const RunOptions& options) {
    if (circuit.qubits == 0) throw InputError("the circuit has no qubits");
    const bool terminal = measurements_are_terminal(circuit);
    const bool wants_final_state =
        options.probabilities || options.amplitudes || !options.expectations.empty() || options.keep_state;
    if (!terminal && wants_final_state)
        throw InputError("probabilities, amplitudes and expectation values describe one final state, but "
                         "this circuit measures, resets or branches mid-circuit: each shot ends in its own "
                         "state");
    const bool checkpointing = !options.checkpoint.directory.empty() || !options.checkpoint.resume_from.empty();
    if (!terminal && (checkpointing || options.replay.mode != ReplayOptions::Mode::off))
        throw InputError("checkpoints and replay need a circuit whose measurements are all terminal; this "
                         "one measures, resets or branches mid-circuit");
    if (!options.checkpoint.directory.empty() && options.checkpoint.keep == 0)
        throw InputError("checkpoints to keep: 0; at least 1 is needed to resume");
    if ((options.probabilities || options.amplitudes) && circuit.qubits > options.max_listed_qubits)
        throw InputError("listing all 2^" + std::to_string(circuit.qubits) +
                         " probabilities or amplitudes is refused above " +
                         std::to_string(options.max_listed_qubits) + " qubits");
    check_listing_memory(runtime, circuit, options);
    std::vector<std::pair<std::string, PauliSum>> observables;
    for (const std::string& text : options.expectations) {
        observables.emplace_back(text, parse_pauli_sum(text));
        for (const auto& [weight, term] : observables.back().second)
            for (unsigned q : term.qubits())
                if (q >= circuit.qubits)
                    throw InputError("observable '" + text + "' uses qubit " + std::to_string(q) +
                                     " of a " + std::to_string(circuit.qubits) + "-qubit circuit");
    }

    // Folders and paths are checked before any work, not after it.
    if (terminal && !options.checkpoint.directory.empty())
        files::create_directories(runtime, options.checkpoint.directory, "--checkpoint-dir");

    // The cost model before the state: measuring it needs memory of its own.
    PlanOptions plan_options = options.plan;
    if (!plan_options.cost_model) plan_options.cost_model = machine_cost_model(runtime, options.state.precision);
    RunResult result;
    result.trajectories = !terminal;
    execution::MetricsRecorder recorder(options.metrics);
    DistributedState state(runtime, circuit.qubits, options.state);
    result.chunks = state.layout().chunk_count();
    result.transport = state.transport();
    Rng rng(options.seed);
    std::vector<int> bits(circuit.clbits, 0);
    const auto start = Clock::now();
    result.plan.cost_model = plan_options.cost_model->source;

    std::size_t done = 0;
    const auto report = [&](const planning::Step& step, std::size_t total) {
        done = step.completes.value_or(done + step.operations);
        if (options.progress) options.progress(std::min(done, total), total);
        return done;
    };
    if (terminal) {
        // Commuting operations reordered to need fewer qubits at once; the
        // same order for any rank count. Checkpoints and progress count
        // operations in this order; replay keeps the circuit's, so that a
        // divergence names the circuit's own step.
        const bool replaying = options.replay.mode != ReplayOptions::Mode::off;
        const Circuit scheduled = replaying ? circuit : planning::schedule_for_locality(circuit);
        const std::uint64_t hash = circuit_hash(scheduled);
        execution::Checkpointing checkpointing(options, hash, to_text(*plan_options.cost_model));
        const std::uint64_t first_step =
            options.checkpoint.resume_from.empty() ? 0 : checkpointing.resume(state, rng, result);
        // A resumed run plans with the model the interrupted one did.
        if (result.resumed_from_step && checkpointing.plan_inputs() != to_text(*plan_options.cost_model))
            plan_options.cost_model = cost_model_from_text(checkpointing.plan_inputs(), "recorded in the checkpoint");
        result.plan.cost_model = plan_options.cost_model->source;
        const std::size_t steps = scheduled.operations.size();
        execution::Replay replay(runtime, options.replay, hash, options.state.precision);
        // Replay fingerprints the state after every operation, so its plan
        // cuts there; others cut at segment boundaries.
        const std::size_t cut_interval = replaying ? 1 : segment_operations;
        planning::PlanRequest request(chunk_topology(state));
        request.first = first_step;
        request.end = steps;
        request.cut_after = [cut_interval](std::size_t i) { return (i + 1) % cut_interval == 0; };
        request.measurements_are_sampled = true;
        request.start = state.qubit_map();
        request.state_is_zero = !result.resumed_from_step;
        const planning::Plan plan = planning::plan_operations(scheduled, request, plan_options);
        execution::summarize(plan, result.plan);
        if (plan.initial_map) state.relabel(*plan.initial_map);
        done = first_step;
        run_steps(
            state, plan, bits, rng, recorder, [&](const planning::Step& step) { return report(step, steps); },
            [&](const planning::Step& step) {
                if (!step.completes) return;
                replay.after(*step.completes, state);
                if (*step.completes < steps) checkpointing.at_boundary(state, *step.completes, steps, rng, result);
            });
        replay.finish(steps);
        result.fingerprint = fingerprint(state);
        result.simulate_seconds = seconds_since(start);
        const auto sampling = Clock::now();
        std::vector<const Operation*> measurements;
        for (const Operation& op : scheduled.operations)
            if (op.kind == Operation::Kind::measure) measurements.push_back(&op);
        const auto key_of = [&](std::uint64_t draw) {
            std::fill(bits.begin(), bits.end(), 0);
            for (const Operation* m : measurements) bits[m->clbit] = static_cast<int>(draw >> m->qubits[0] & 1);
            return counts_key(scheduled, bits);
        };
        if (options.memory) result.memory.reserve(options.shots);
        if (options.shots > 0)
            sample_in_batches(state, options.shots, rng, [&](std::vector<std::uint64_t> draws) {
                if (options.memory)
                    for (std::uint64_t draw : draws) result.memory.push_back(key_of(draw));
                // One key per distinct basis state of the batch, not per shot.
                std::sort(draws.begin(), draws.end());
                for (auto same = draws.begin(); same != draws.end();) {
                    const auto next = std::upper_bound(same, draws.end(), *same);
                    result.counts[key_of(*same)] += static_cast<std::size_t>(next - same);
                    same = next;
                }
            });
        if (options.probabilities) result.probabilities = probabilities_on_root(state);
        if (options.amplitudes) result.amplitudes = state.amplitudes_on_root();
        for (const auto& [text, sum] : observables) {
            const double value = expectation(state, sum);
            // The same value on every rank: all refuse together.
            if (!std::isfinite(value))
                throw InputError("the expectation of '" + text + "' is " + std::to_string(value) +
                                 ": its coefficients are too large for a double");
            result.expectations.emplace_back(text, value);
        }
        result.sample_seconds = seconds_since(sampling);
        if (recorder.enabled()) result.metrics = recorder.finish(runtime);
        if (options.keep_state) result.state = std::make_shared<DistributedState>(std::move(state));
        return result;
    }

    // Trajectories: the unitary prefix once, then the rest per shot.
    const auto first_branch = std::find_if(circuit.operations.begin(), circuit.operations.end(), planning::starts_per_shot_part);
    const std::size_t prefix_length = static_cast<std::size_t>(first_branch - circuit.operations.begin());
    const std::size_t total = prefix_length + options.shots * (circuit.operations.size() - prefix_length);
    planning::PlanRequest request(chunk_topology(state));
    request.end = prefix_length;
    request.cut_after = [](std::size_t) { return false; };
    request.measurements_are_sampled = false;
    request.start = state.qubit_map();
    request.state_is_zero = true;
    const planning::Plan prefix_plan = planning::plan_operations(circuit, request, plan_options);
    execution::summarize(prefix_plan, result.plan);
    if (prefix_plan.initial_map) state.relabel(*prefix_plan.initial_map);
    run_steps(state, prefix_plan, bits, rng, recorder, [&](const planning::Step& step) { return report(step, total); });
    request.first = prefix_length;
    request.end = circuit.operations.size();
    request.start = state.qubit_map();
    request.state_is_zero = false;
    const planning::Plan shot_plan = planning::plan_operations(circuit, request, plan_options);
    execution::summarize(shot_plan, result.plan);
    DistributedState prefix(runtime, state.layout(), options.state);
    prefix.assign(state);
    for (std::size_t shot = 0; shot < options.shots; ++shot) {
        if (shot > 0) state.assign(prefix);
        std::fill(bits.begin(), bits.end(), 0);
        run_steps(state, shot_plan, bits, rng, recorder, [](const planning::Step&) {
            return std::size_t{0}; // per kind only: per step would be per shot
        });
        done = prefix_length + (shot + 1) * (circuit.operations.size() - prefix_length);
        if (options.progress) options.progress(done, total);
        std::string key = counts_key(circuit, bits);
        if (options.memory) result.memory.push_back(key);
        ++result.counts[std::move(key)];
        if (shot + 1 < options.shots && execution::stop_asked(runtime, options))
            throw RunInterrupted("stopped after shot " + std::to_string(shot + 1) + " of " +
                                     std::to_string(options.shots),
                                 "", done);
    }
    result.simulate_seconds = seconds_since(start);
    if (recorder.enabled()) result.metrics = recorder.finish(runtime);
    return result;
}

} // namespace qzone
