#pragma once
/// @file plan_options.hpp
/// The options of planning, on their own: the planner includes this and
/// nothing of MPI, Kokkos or the state.

#include <optional>

#include <runtime/cost_model.hpp>

namespace qzone {

/// How a circuit becomes a plan of passes over the state.
struct PlanOptions {
    /// Gather gates into dense blocks on a few qubits and diagonal gates into
    /// diagonal blocks, one pass over the state per block. Off: one pass per
    /// gate (qubits are still moved inside chunks lazily and swaps relabel).
    bool fusion = true;
    /// The widest dense block, 1 to 6; 0: the cost model's choice (the
    /// width whose whole plan it prices lowest, docs/planning.md). Fusion
    /// depends on the circuit and this width only, so amplitudes are
    /// bit-identical across rank counts as long as every layout keeps at
    /// least this many qubits inside chunks (the automatic layouts keep 6,
    /// PartitionLayout::kept_local_qubits).
    unsigned fusion_max_qubits = 0;
    /// The cost model fusion follows. Unset: run_circuit() takes the
    /// machine's (machine_cost_model(), measured once and cached; a resumed
    /// run the one its checkpoint recorded), and the planner alone the
    /// built-in one. Fusion depends on the model too: runs compared bit for
    /// bit across rank counts must share it (runs on one machine do).
    std::optional<CostModel> cost_model;
};

} // namespace qzone
