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

} // namespace qzone::planning
