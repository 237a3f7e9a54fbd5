#include "planner.hpp"

#include <algorithm>
#include <string>

#include <runtime/errors.hpp>

#include "cost_model.hpp"
#include "fusion.hpp"
#include "placement.hpp"

namespace qzone::planning {

Plan plan_operations(const Circuit& circuit, const PlanRequest& request, const PlanOptions& options) {
    if (options.fusion_max_qubits > max_dense_targets)
        throw InputError("fusion blocks take at most " + std::to_string(max_dense_targets) +
                         " qubits, not " + std::to_string(options.fusion_max_qubits));
    FusionOptions fusion;
    fusion.enabled = options.fusion;
    const unsigned width = options.fusion_max_qubits > 0 ? options.fusion_max_qubits : default_fusion_width();
    fusion.max_width = std::max(1u, std::min(width, request.topology.layout().local_qubits()));
    fusion.max_diagonal_width = std::max(fusion.max_width, fusion.max_diagonal_width);
    std::vector<Step> steps =
        fuse(circuit, request.first, request.end, fusion, request.cut_after, request.measurements_are_sampled);
    return place(std::move(steps), request.start, request.topology, request.state_is_zero);
}

} // namespace qzone::planning
