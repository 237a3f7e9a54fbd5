#include "planner.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <runtime/errors.hpp>

#include "cost_model.hpp"
#include "fusion.hpp"
#include "placement.hpp"
#include "sweeps.hpp"

namespace qzone::planning {

bool starts_per_shot_part(const Operation& op) {
    return op.condition || op.kind == Operation::Kind::measure || op.kind == Operation::Kind::reset ||
           op.kind == Operation::Kind::assign || op.kind == Operation::Kind::abort;
}

bool measurements_are_terminal(const Circuit& circuit) {
    std::vector<bool> measured(circuit.qubits, false);
    for (const Operation& op : circuit.operations) {
        if (op.condition || (starts_per_shot_part(op) && op.kind != Operation::Kind::measure)) return false;
        if (op.kind == Operation::Kind::measure) {
            measured[op.qubits[0]] = true;
        } else if (op.kind == Operation::Kind::gate) {
            for (unsigned q : op.qubits)
                if (measured[q]) return false;
        }
    }
    return true;
}

Plan plan_operations(const Circuit& circuit, const PlanRequest& request, const PlanOptions& options) {
    if (options.fusion_max_qubits > max_dense_targets)
        throw InputError("fusion blocks take at most " + std::to_string(max_dense_targets) +
                         " qubits, not " + std::to_string(options.fusion_max_qubits));
    FusionOptions fusion;
    fusion.enabled = options.fusion;
    const ChunkTopology& topology = request.topology;
    const unsigned qubits = topology.layout().qubits();
    const std::uint64_t state_bytes =
        qubits < 48 ? std::uint64_t{topology.amplitude_bytes()} << qubits : ~std::uint64_t{0};
    const CostModel model = options.cost_model.value_or(builtin_cost_model());
    fusion.costs = model.for_state(state_bytes);
    const unsigned width =
        options.fusion_max_qubits > 0 ? options.fusion_max_qubits : default_fusion_width(fusion.costs);
    const unsigned local_qubits = request.topology.layout().local_qubits();
    fusion.max_width = std::max(1u, std::min(width, local_qubits));
    // Permutations cost a memory pass at any width: as wide as a dense gate
    // may be, unless the caller narrowed fusion.
    fusion.max_permutation_width = std::max(
        fusion.max_width, std::min(options.fusion_max_qubits > 0 ? options.fusion_max_qubits : max_dense_targets,
                                   local_qubits));
    fusion.max_diagonal_width = std::max(fusion.max_width, fusion.max_diagonal_width);
    std::vector<Step> steps =
        fuse(circuit, request.first, request.end, fusion, request.cut_after, request.measurements_are_sampled);
    Plan plan = place(std::move(steps), request.start, request.topology, request.state_is_zero);
    // Sweeps where the state exceeds the caches (the whole state: the same for any rank count).
    if (options.fusion && state_bytes > model.cache_bytes)
        plan.steps = gather_sweeps(std::move(plan.steps), plan.initial_map.value_or(request.start), local_qubits,
                                   tile_bits_for(model.cache_bytes, topology.amplitude_bytes()), model.in_memory,
                                   model.in_cache, model.sweep_pass);
    return plan;
}

} // namespace qzone::planning
