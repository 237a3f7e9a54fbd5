#pragma once
// `qzone plan`: the plan, memory, bytes and time of a run on a machine of
// R ranks, without that machine: a human summary or JSON for scripts.

#include <map>
#include <optional>
#include <string>

#include <runtime/projection.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone::app {

/// What `qzone plan` was asked.
struct PlanCommand {
    std::string file;
    bool json = false;
    std::map<std::string, double> parameters; ///< --param NAME=VALUE
    ProjectionRequest request;
    /// --ranks-per-node, when given (default: every rank on one node).
    std::optional<std::size_t> ranks_per_node;
    /// A MachineModel as JSON (the "machine" object `--json` prints): used
    /// instead of measuring this machine.
    std::string machine_file;
    /// The machine as given on the command line; what is not given is measured here.
    std::optional<double> memory_per_node_bytes, intra_node_gb_per_s, inter_node_gb_per_s, intra_node_latency_us,
        inter_node_latency_us;
    std::optional<std::size_t> cores_per_node;
};

/// Reads the circuit, measures this machine (unless a machine file is
/// given; options override either), projects and prints to standard output
/// (rank 0). Runs as one process, or two to measure MPI between them.
/// Collective. @throw qzone::InputError if started on more than two ranks, for a bad
///        circuit, request or machine file; qzone::ResourceError if a step
///        cannot fit inside the chunks of R ranks.
void plan(const RuntimeView& rt, const PlanCommand& command);

} // namespace qzone::app
