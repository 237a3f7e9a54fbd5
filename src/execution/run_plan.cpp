#include "run_plan.hpp"

#include <type_traits>

#include <runtime/apply_gate.hpp>
#include <runtime/measurement.hpp>
#include <runtime/qasm.hpp>

#include "apply_at_positions.hpp"
#include "remap.hpp"
#include "sweep.hpp"

namespace qzone::execution {

namespace {

bool holds(const ClassicalCondition& condition, const std::vector<int>& bits) {
    // The value has 64 bits: a wider register's higher bits must be 0.
    bool equal = true;
    for (unsigned j = 0; j < condition.width && equal; ++j) {
        const std::uint64_t expected = j < 64 ? condition.value >> j & 1 : 0;
        equal = static_cast<std::uint64_t>(bits[condition.first_bit + j]) == expected;
    }
    if (equal == condition.negated) return false;
    for (const ClassicalCondition& other : condition.also)
        if (!holds(other, bits)) return false;
    return true;
}

} // namespace

bool condition_holds(const std::optional<ClassicalCondition>& condition, const std::vector<int>& bits) {
    return !condition || holds(*condition, bits);
}

void run_step(DistributedState& state, const planning::Step& step, std::vector<int>& bits, Rng& rng) {
    if (!condition_holds(step.condition, bits)) return;
    const QubitMap& map = state.qubit_map();
    if (const auto* block = step.as<planning::DenseBlock>()) {
        bring_into_chunks(state, block->qubits, "step '" + step.name() + "'"); // the plan's exchanges normally did this
        apply_block(state, *block, step.name());
    } else if (const auto* block = step.as<planning::DiagonalBlock>()) {
        apply_block(state, *block, step.name());
    } else if (const auto* sweep = step.as<planning::Sweep>()) {
        run_sweep(state, *sweep);
    } else if (const auto* gate = step.as<Gate>()) {
        apply_gate(state, *gate);
    } else if (const auto* exchange = step.as<planning::Exchange>()) {
        const unsigned local = state.layout().local_qubits();
        std::vector<std::pair<unsigned, unsigned>> pairs;
        for (const auto& [incoming, outgoing] : exchange->pairs)
            if (map.position(incoming) >= local && map.position(outgoing) < local)
                pairs.emplace_back(map.position(incoming), map.position(outgoing));
        exchange_positions(state, pairs);
    } else if (const auto* measurement = step.as<planning::Measure>()) {
        bits[measurement->clbit] = measure(state, measurement->qubit, rng);
    } else if (const auto* assignment = step.as<planning::AssignBit>()) {
        bits[assignment->clbit] = assignment->value;
    } else if (const auto* abort = step.as<planning::Abort>()) {
        // The bits are the same on every rank: every rank stops here.
        throw QasmError(abort->message, abort->where, "");
    } else {
        reset(state, step.as<planning::Reset>()->qubit, rng);
    }
}

void summarize(const planning::Plan& plan, PlanSummary& summary) {
    for (const planning::Step& step : plan.steps) {
        summary.passes += step.is_pass();
        if (step.as<planning::DenseBlock>() || step.as<planning::DiagonalBlock>() || step.as<planning::Sweep>()) {
            summary.gates += step.operations;
            summary.sweeps += step.as<planning::Sweep>() != nullptr;
            planning::for_each_block(step, [&](const auto& block) {
                if constexpr (std::is_same_v<std::decay_t<decltype(block)>, planning::DenseBlock>) {
                    if (block.permutation) return static_cast<void>(++summary.permutation_blocks);
                    const std::size_t width = block.qubits.size();
                    if (summary.dense_blocks_by_width.size() <= width)
                        summary.dense_blocks_by_width.resize(width + 1, 0);
                    ++summary.dense_blocks_by_width[width];
                } else {
                    ++summary.diagonal_blocks;
                }
            });
        } else if (step.as<Gate>()) {
            ++summary.unfused_gates;
            ++summary.gates;
        } else if (const auto* exchange = step.as<planning::Exchange>()) {
            ++summary.exchange_stages;
            summary.qubits_exchanged += exchange->pairs.size();
        }
    }
}

} // namespace qzone::execution
