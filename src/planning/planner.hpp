#pragma once
// Private (planning layer): the planner's entry point. Pure: no MPI, no
// amplitudes; the same plan on every rank.

#include <cstddef>
#include <functional>

#include <runtime/circuit.hpp>
#include <runtime/errors.hpp>
#include <runtime/qubit_map.hpp>
#include <runtime/plan_options.hpp>

#include "chunk_topology.hpp"
#include "plan.hpp"

namespace qzone::planning {

/// Plans end every open block after each multiple of this many operations,
/// whatever the run's options, so that a run resumed from a checkpoint
/// (taken at such a boundary) fuses exactly as an uninterrupted one.
/// Stop requests and checkpoints act at these boundaries.
inline constexpr std::size_t segment_operations = 64;

/// Whether `op` starts what must run per shot: a condition, a measurement
/// (mid-circuit, or its bit read later), a reset, or a classical step.
bool starts_per_shot_part(const Operation& op);

/// True when the circuit can be evolved once and sampled: no condition, no
/// reset, no classical step, and nothing but other measurements after a
/// qubit is measured.
bool measurements_are_terminal(const Circuit& circuit);

/// What the planner needs to know besides the circuit.
struct PlanRequest {
    explicit PlanRequest(ChunkTopology topology) : topology(std::move(topology)) {}

    ChunkTopology topology;                         ///< chunks, ranks and nodes of the state
    std::size_t first = 0, end = 0;                 ///< operations [first, end)
    std::function<bool(std::size_t)> cut_after;     ///< step boundaries that must exist
    bool measurements_are_sampled = true;
    QubitMap start;                                 ///< where qubits lie now
    bool state_is_zero = false;                     ///< the initial map may be chosen
};

/// The plan for `request` under `options`: fusion (plan.fuse), then
/// placement. The widest dense block is options.fusion_max_qubits, or else
/// the width, up to default_fusion_width, whose fusion of the circuit's
/// operations up to request.end the cost model prices lowest on one rank
/// (the same for any rank count and any request.first); never more than the
/// layout's in-chunk qubits.
/// @throw qzone::InputError for fusion_max_qubits above 6;
///        qzone::Error if a step needs more in-chunk qubits than there are.
Plan plan_operations(const Circuit& circuit, const PlanRequest& request, const PlanOptions& options);

} // namespace qzone::planning
