#pragma once
/// @file projection.hpp
/// What a run would take on a machine you do not have: the plan for R ranks
/// on nodes of P ranks, its memory, the bytes its exchange stages move within
/// and between nodes, and a time from a machine model. No MPI, no amplitudes
/// (pure, like the planner): `qzone plan` answers with it before a job is
/// submitted.

#include <cstddef>
#include <cstdint>

#include <runtime/circuit.hpp>
#include <runtime/machine_model.hpp>
#include <runtime/plan_options.hpp>
#include <runtime/precision.hpp>

namespace qzone {

/// The machine to plan for and how the state is kept there.
struct ProjectionRequest {
    std::size_t ranks = 1;
    std::size_t ranks_per_node = 1; ///< ranks placed on nodes in rank order, this many per node
    Precision precision = Precision::double_;
    std::size_t exchange_buffer_bytes = std::size_t{64} << 20; ///< as StateOptions::exchange_buffer_bytes
    bool share_node_memory = true;                            ///< as StateOptions::share_node_memory
    PlanOptions plan;
    std::size_t shots = 1; ///< trajectories (circuits that measure mid-circuit run the rest per shot)
};

/// A run's plan on the requested machine, and what it would take. Bytes are
/// summed over the ranks that send them (what `--metrics` reports as
/// bytes_exchanged is bytes_through_mpi); times are the busiest rank's.
struct Projection {
    unsigned qubits = 0;
    std::size_t ranks = 0, nodes = 0;
    std::uint64_t chunks = 0;
    unsigned chunk_index_qubits = 0;
    double memory_per_rank_bytes = 0; ///< the busiest rank's amplitudes and exchange buffer (twice for trajectories)
    double memory_per_node_bytes = 0; ///< the busiest node's
    bool fits = false;                ///< whether memory_per_node_bytes fits the model's node
    bool per_shot = false;            ///< the circuit measures mid-circuit: figures cover `shots` trajectories
    std::size_t plan_steps = 0, passes = 0, exchange_stages = 0, qubits_exchanged = 0;
    double bytes_in_memory = 0, bytes_within_nodes = 0, bytes_between_nodes = 0, bytes_through_mpi = 0;
    double compute_seconds = 0, exchange_seconds = 0, predicted_seconds = 0;
};

/// Plans `circuit` as `qzone run` would on the requested machine (the same
/// fusion, stages and initial map) and projects its cost on `machine`.
/// Fast: no amplitudes; 1,024 ranks and 40 qubits take well under a second
/// per thousand gates.
/// @throw qzone::InputError for 0 ranks, 0 ranks per node, 0 shots, an
///        exchange buffer below four amplitudes, or a state the layout cannot
///        hold (see PartitionLayout::balanced); qzone::ResourceError if a step
///        needs more qubits inside chunks than the layout keeps there.
Projection project(const Circuit& circuit, const ProjectionRequest& request, const MachineModel& machine);

} // namespace qzone
