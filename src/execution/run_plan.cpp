#include "run_plan.hpp"

#include <runtime/apply_gate.hpp>
#include <runtime/measurement.hpp>

#include "apply_at_positions.hpp"
#include "remap.hpp"

namespace qzone::execution {

bool condition_holds(const std::optional<ClassicalCondition>& condition, const std::vector<int>& bits) {
    if (!condition) return true;
    // The value has 64 bits: a wider register's higher bits must be 0.
    for (unsigned j = 0; j < condition->width; ++j) {
        const std::uint64_t expected = j < 64 ? condition->value >> j & 1 : 0;
        if (static_cast<std::uint64_t>(bits[condition->first_bit + j]) != expected) return false;
    }
    return true;
}

void run_step(DistributedState& state, const planning::Step& step, std::vector<int>& bits, Rng& rng) {
    using Kind = planning::Step::Kind;
    if (!condition_holds(step.condition, bits)) return;
    switch (step.kind) {
    case Kind::dense: {
        bring_into_chunks(state, step.qubits, "step '" + step.name() + "'"); // the plan's exchanges normally did this
        Gate block = gates::unitary({}, step.entries, step.name());
        for (unsigned q : step.qubits) block.targets.push_back(state.qubit_map().position(q));
        apply_at_positions(state, block);
        break;
    }
    case Kind::diagonal: {
        Gate block = gates::diagonal({}, step.entries, step.name());
        for (unsigned q : step.qubits) block.targets.push_back(state.qubit_map().position(q));
        apply_at_positions(state, block);
        break;
    }
    case Kind::gate: apply_gate(state, step.gate); break;
    case Kind::exchange: {
        const QubitMap& map = state.qubit_map();
        const unsigned local = state.layout().local_qubits();
        std::vector<std::pair<unsigned, unsigned>> pairs;
        for (const auto& [incoming, outgoing] : step.pairs)
            if (map.position(incoming) >= local && map.position(outgoing) < local)
                pairs.emplace_back(map.position(incoming), map.position(outgoing));
        exchange_positions(state, pairs);
        break;
    }
    case Kind::measure: bits[step.clbit] = measure(state, step.qubit, rng); break;
    case Kind::reset: reset(state, step.qubit, rng); break;
    }
}

void summarize(const planning::Plan& plan, PlanSummary& summary) {
    using Kind = planning::Step::Kind;
    for (const planning::Step& step : plan.steps) {
        summary.passes += step.is_pass();
        switch (step.kind) {
        case Kind::dense:
            if (summary.dense_blocks_by_width.size() <= step.qubits.size())
                summary.dense_blocks_by_width.resize(step.qubits.size() + 1, 0);
            ++summary.dense_blocks_by_width[step.qubits.size()];
            summary.gates += step.operations;
            break;
        case Kind::diagonal:
            ++summary.diagonal_blocks;
            summary.gates += step.operations;
            break;
        case Kind::gate:
            ++summary.unfused_gates;
            ++summary.gates;
            break;
        case Kind::exchange:
            ++summary.exchange_stages;
            summary.qubits_exchanged += step.pairs.size();
            break;
        case Kind::measure:
        case Kind::reset: break;
        }
    }
}

} // namespace qzone::execution
