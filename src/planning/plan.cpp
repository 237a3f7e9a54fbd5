#include "plan.hpp"

namespace qzone::planning {
namespace {

/// A relabel runs no pass: the map changes, no amplitude moves.
bool is_relabel(const Gate& gate, const std::optional<ClassicalCondition>& condition) {
    return gate.kind == GateKind::swap && gate.controls.empty() && !condition;
}

} // namespace

std::string Step::name() const {
    if (const auto* block = as<DenseBlock>())
        return (block->permutation ? "permutation" : "dense") + std::to_string(block->qubits.size());
    if (as<DiagonalBlock>()) return "diagonal";
    if (const auto* sweep = as<Sweep>()) return "sweep" + std::to_string(sweep->blocks.size());
    if (const auto* gate = as<Gate>()) return gate->name;
    if (as<Exchange>()) return "exchange";
    if (as<Measure>()) return "measure";
    if (as<AssignBit>()) return "assign";
    if (as<Abort>()) return "abort";
    return "reset";
}

bool Step::is_pass() const {
    if (const auto* gate = as<Gate>()) return !is_relabel(*gate, condition);
    return as<DenseBlock>() || as<DiagonalBlock>() || as<Sweep>() || as<Exchange>();
}

bool is_relabel(const Step& step) {
    const auto* gate = step.as<Gate>();
    return gate && is_relabel(*gate, step.condition);
}

} // namespace qzone::planning
