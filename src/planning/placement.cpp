#include "placement.hpp"

#include "gate_matrix.hpp"
#include "stage_search.hpp"

namespace qzone::planning {

std::vector<unsigned> qubits_needed_by(const Step& step) {
    if (const auto* block = step.as<DenseBlock>()) return block->qubits;
    if (const auto* sweep = step.as<Sweep>()) return sweep->qubits;
    if (const auto* gate = step.as<Gate>()) return qubits_needed_in_chunks(*gate);
    if (const auto* reset = step.as<Reset>()) return {reset->qubit};
    return {}; // diagonals, exchanges and measurements work wherever their qubits lie
}

void follow(const Step& step, QubitMap& map) {
    if (const auto* exchange = step.as<Exchange>()) {
        for (const auto& [in, out] : exchange->pairs) map.swap_positions(map.position(in), map.position(out));
    } else if (is_relabel(step)) {
        const Gate& swap = *step.as<Gate>();
        map.swap_positions(map.position(swap.targets[0]), map.position(swap.targets[1]));
    }
}

Plan place(std::vector<Step> steps, const QubitMap& start, const ChunkTopology& topology, bool choose_initial_map) {
    std::vector<StepNeeds> needs(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        needs[i].qubits = qubits_needed_by(steps[i]);
        if (is_relabel(steps[i])) {
            const Gate& swap = *steps[i].as<Gate>();
            needs[i].relabel = std::pair{swap.targets[0], swap.targets[1]};
        }
    }
    StageChoice choice = choose_stages(needs, start, topology, choose_initial_map,
                                       [&](std::size_t i) { return steps[i].name(); });
    Plan plan;
    plan.initial_map = std::move(choice.initial_map);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (!choice.stages[i].empty()) plan.steps.emplace_back().action = Exchange{std::move(choice.stages[i])};
        plan.steps.push_back(std::move(steps[i]));
    }
    return plan;
}

} // namespace qzone::planning
