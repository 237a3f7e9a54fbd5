#pragma once
// `qzone info`: the ranks, nodes, memory and devices as JSON.

#include <nlohmann/json.hpp>

#include <runtime/runtime_view.hpp>

namespace qzone::app {

/// The build and every rank's resources. Not collective (the view already
/// gathered them).
nlohmann::json describe_machine(const RuntimeView& rt);

/// Host threads per rank: one number when every rank has the same, else one per rank.
nlohmann::json threads_per_rank(const RuntimeView& rt);

} // namespace qzone::app
