#include "plan.hpp"

namespace qzone::planning {

std::string Step::name() const {
    switch (kind) {
    case Kind::dense: return "dense" + std::to_string(qubits.size());
    case Kind::diagonal: return "diagonal";
    case Kind::gate: return gate.name;
    case Kind::exchange: return "exchange";
    case Kind::measure: return "measure";
    case Kind::reset: return "reset";
    }
    return "";
}

bool Step::is_pass() const {
    if (kind == Kind::gate) return !(gate.kind == GateKind::swap && gate.controls.empty() && !condition);
    return kind == Kind::dense || kind == Kind::diagonal || kind == Kind::exchange;
}

} // namespace qzone::planning
