// project(): the planner run for a machine described, not present, and the
// plan's cost on a MachineModel. Pure: no MPI, no amplitudes.

#include <runtime/projection.hpp>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include <runtime/errors.hpp>
#include <runtime/partition_layout.hpp>

#include "../state/exchange_buffer_size.hpp"
#include "chunk_topology.hpp"
#include "locality_schedule.hpp"
#include "placement.hpp"
#include "planner.hpp"

namespace qzone {
namespace {

using planning::ChunkTopology;
using planning::Plan;
using planning::Step;

/// Adds what `plan` (run `times` times) moves and costs to `projection`, and
/// leaves `map` where the plan leaves the qubits.
void account(const Plan& plan, std::size_t times, const ChunkTopology& topology, const MachineModel& machine,
             double busiest_amplitudes, QubitMap& map, Projection& projection) {
    const unsigned local = topology.layout().local_qubits();
    // More ranks than cores on a node share them.
    const double sharing = std::max(1.0, double(topology.ranks_on_busiest_node()) / double(std::max<std::size_t>(1, machine.cores_per_node)));
    const auto pass = [&](double seconds_per_amplitude) { return seconds_per_amplitude * busiest_amplitudes * sharing; };
    const auto dense = [&](std::size_t qubits) {
        return machine.dense_pass_seconds[std::clamp<std::size_t>(qubits, 1, machine.dense_pass_seconds.size() - 1)];
    };
    if (plan.initial_map) map = *plan.initial_map;
    Projection once;
    for (const Step& step : plan.steps) {
        ++once.plan_steps;
        once.passes += step.is_pass(); // as RunResult::plan counts them: exchanges too
        if (const auto* exchange = step.as<planning::Exchange>()) {
            std::uint64_t chunk_bits = 0;
            for (const auto& [in, out] : exchange->pairs) chunk_bits |= std::uint64_t{1} << (map.position(in) - local);
            planning::follow(step, map);
            const planning::StageVolume& volume = topology.stage(chunk_bits);
            ++once.exchange_stages;
            once.qubits_exchanged += exchange->pairs.size();
            once.bytes_in_memory += volume.in_memory;
            once.bytes_within_nodes += volume.within_nodes;
            once.bytes_between_nodes += volume.between_nodes;
            once.bytes_through_mpi += volume.through_mpi;
            // The busiest rank: swaps in memory, exchanges within its node
            // (packing included), packs, sends and unpacks between nodes.
            const double latency =
                volume.busiest_between > 0 ? machine.inter_node_latency : machine.intra_node_latency;
            once.exchange_seconds +=
                (volume.busiest_memory / machine.memory_exchange_bandwidth +
                 2 * volume.busiest_between / machine.copy_bandwidth) * sharing +
                volume.busiest_within / machine.intra_node_bandwidth + volume.busiest_between / machine.inter_node_bandwidth +
                double(volume.busiest_messages) * latency;
        } else if (step.as<planning::DenseBlock>() || step.as<planning::DiagonalBlock>() ||
                   step.as<planning::Sweep>()) {
            // A sweep's blocks as if one by one: an upper bound (they share its
            // pass). A permutation as a diagonal, as fusion prices it.
            planning::for_each_block(step, [&](const auto& block) {
                double seconds = machine.diagonal_pass_seconds;
                if constexpr (std::is_same_v<std::decay_t<decltype(block)>, planning::DenseBlock>)
                    if (!block.permutation) seconds = dense(block.qubits.size());
                once.compute_seconds += pass(seconds);
            });
        } else if (const auto* gate = step.as<Gate>()) {
            if (planning::is_relabel(step))
                planning::follow(step, map);
            else
                once.compute_seconds += pass(gate->kind == GateKind::diagonal ? machine.diagonal_pass_seconds
                                                                              : dense(gate->targets.size()));
        } else if (step.as<planning::Measure>() || step.as<planning::Reset>()) {
            once.compute_seconds += 2 * pass(dense(1)); // the qubit's probability, then the collapse
        }
    }
    const double n = double(times);
    projection.plan_steps += once.plan_steps * times;
    projection.passes += once.passes * times;
    projection.exchange_stages += once.exchange_stages * times;
    projection.qubits_exchanged += once.qubits_exchanged * times;
    projection.bytes_in_memory += once.bytes_in_memory * n;
    projection.bytes_within_nodes += once.bytes_within_nodes * n;
    projection.bytes_between_nodes += once.bytes_between_nodes * n;
    projection.bytes_through_mpi += once.bytes_through_mpi * n;
    projection.compute_seconds += once.compute_seconds * n;
    projection.exchange_seconds += once.exchange_seconds * n;
}

} // namespace

Projection project(const Circuit& circuit, const ProjectionRequest& request, const MachineModel& machine) {
    if (request.ranks == 0) throw InputError("a projection needs at least one rank");
    if (request.ranks_per_node == 0) throw InputError("a projection needs at least one rank per node");
    if (request.shots == 0) throw InputError("a projection needs at least one shot");
    const PartitionLayout layout = PartitionLayout::balanced(circuit.qubits, request.ranks);
    const std::size_t amplitude = amplitude_bytes(request.precision);
    const std::size_t buffer =
        detail::exchange_buffer_bytes_for(layout, request.precision, request.exchange_buffer_bytes);
    const ChunkTopology topology = ChunkTopology::packed(layout, request.ranks_per_node, request.share_node_memory, amplitude);

    Projection projection;
    projection.qubits = circuit.qubits;
    projection.ranks = request.ranks;
    projection.nodes = topology.nodes();
    projection.chunks = layout.chunk_count();
    projection.chunk_index_qubits = layout.global_qubits();
    // Trajectory circuits keep a second state (the prefix, copied for each shot).
    const bool terminal = planning::measurements_are_terminal(circuit);
    const double states = terminal ? 1 : 2;
    double busiest_amplitudes = 0;
    std::vector<double> node_bytes(topology.nodes(), 0);
    for (std::size_t r = 0; r < request.ranks; ++r) {
        const double amplitudes = double(layout.amplitude_count_of(r));
        busiest_amplitudes = std::max(busiest_amplitudes, amplitudes);
        const double bytes = states * (amplitudes * double(amplitude) + double(buffer));
        projection.memory_per_rank_bytes = std::max(projection.memory_per_rank_bytes, bytes);
        node_bytes[r / request.ranks_per_node] += bytes;
    }
    projection.memory_per_node_bytes = *std::max_element(node_bytes.begin(), node_bytes.end());
    projection.fits = projection.memory_per_node_bytes <= machine.memory_per_node_bytes;

    // The plans run_circuit makes: one for a circuit sampled at the end (its
    // operations scheduled for locality), else the part before the first
    // branch once and the rest per shot.
    planning::PlanRequest plan_request(topology);
    plan_request.start = QubitMap(circuit.qubits);
    plan_request.state_is_zero = true;
    QubitMap map(circuit.qubits);
    if (terminal) {
        plan_request.end = circuit.operations.size();
        plan_request.cut_after = [](std::size_t i) { return (i + 1) % planning::segment_operations == 0; };
        account(planning::plan_operations(planning::schedule_for_locality(circuit), plan_request, request.plan), 1,
                topology, machine, busiest_amplitudes, map, projection);
    } else {
        projection.per_shot = true;
        const auto branch = std::find_if(circuit.operations.begin(), circuit.operations.end(),
                                         planning::starts_per_shot_part);
        plan_request.end = static_cast<std::size_t>(branch - circuit.operations.begin());
        plan_request.cut_after = [](std::size_t) { return false; };
        plan_request.measurements_are_sampled = false;
        account(planning::plan_operations(circuit, plan_request, request.plan), 1, topology, machine,
                busiest_amplitudes, map, projection);
        plan_request.first = plan_request.end;
        plan_request.end = circuit.operations.size();
        plan_request.start = map;
        plan_request.state_is_zero = false;
        account(planning::plan_operations(circuit, plan_request, request.plan), request.shots, topology, machine,
                busiest_amplitudes, map, projection);
    }
    projection.predicted_seconds = projection.compute_seconds + projection.exchange_seconds;
    return projection;
}

} // namespace qzone
