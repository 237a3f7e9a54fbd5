#pragma once
// Private (planning layer): what the cost model (<runtime/cost_model.hpp>)
// says about fusion beyond single comparisons.

#include <runtime/cost_model.hpp>

namespace qzone::planning {

/// The widest dense block worth building by default: the widest whose pass
/// costs at most two one-qubit passes (of the same regime) per qubit it
/// holds (wider ones cost more than the narrower blocks they replace).
unsigned default_fusion_width(const PassCosts& costs);

} // namespace qzone::planning
