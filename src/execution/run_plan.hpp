#pragma once
// Private (execution layer): running the steps of a plan on a state.

#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/metrics.hpp>
#include <runtime/rng.hpp>

#include "../planning/plan.hpp"

namespace qzone::execution {

/// Runs `step`, translating its qubits through the state's qubit map.
/// `bits` are the classical bits (read by conditions, written by
/// measurements). Collective.
/// @throw as apply_gate() and measure().
void run_step(DistributedState& state, const planning::Step& step, std::vector<int>& bits, Rng& rng);

/// Whether `condition` holds for `bits` (none: always).
bool condition_holds(const std::optional<ClassicalCondition>& condition, const std::vector<int>& bits);

/// Adds the statistics of `plan` to `summary`.
void summarize(const planning::Plan& plan, PlanSummary& summary);

} // namespace qzone::execution
