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
namespace {

/// A narrower width is taken only when the model prices its plan this much
/// lower: calibrated costs vary by a few percent from run to run.
constexpr double narrower_width_margin = 0.98;

/// The dense width, 2 to `fusion.max_width`, whose fusion of operations
/// [0, request.end) costs least by `model` on one rank (the whole state in
/// one chunk, sweeps as gather_sweeps makes them): fusion settles each merge
/// alone, and wider blocks that leave fewer passes may cost more in all.
/// From the circuit's start and on one rank whatever the request, so that
/// every rank count, and a run resumed from a checkpoint, fuses alike.
unsigned cheapest_width(const Circuit& circuit, const PlanRequest& request, const FusionOptions& fusion,
                        const CostModel& model, std::uint64_t state_bytes) {
    const unsigned qubits = request.topology.layout().qubits();
    const unsigned tile_bits = tile_bits_for(model.cache_bytes, request.topology.amplitude_bytes());
    const bool sweeps = state_bytes > model.cache_bytes;
    unsigned best_width = fusion.max_width;
    double best_cost = 0;
    for (unsigned width = fusion.max_width; width >= 2; --width) {
        FusionOptions candidate = fusion;
        candidate.max_width = width;
        std::vector<Step> steps =
            fuse(circuit, 0, request.end, candidate, request.cut_after, request.measurements_are_sampled);
        if (sweeps)
            steps = gather_sweeps(std::move(steps), QubitMap(qubits), qubits, tile_bits, model.in_memory,
                                  model.in_cache, model.sweep_pass);
        const double cost =
            plan_cost(steps, QubitMap(qubits), qubits, tile_bits, fusion.costs, model.in_cache, model.sweep_pass);
        if (width == fusion.max_width || cost < narrower_width_margin * best_cost) {
            best_width = width;
            best_cost = cost;
        }
    }
    return best_width;
}

} // namespace

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
    if (options.fusion && options.fusion_max_qubits == 0)
        fusion.max_width = cheapest_width(circuit, request, fusion, model, state_bytes);
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
