#include "plan_command.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <runtime/cost_model.hpp>
#include <runtime/files.hpp>
#include <runtime/qasm.hpp>

namespace qzone::app {
namespace {

/// "1.50 GiB", "512 MiB", "0 B".
std::string bytes_text(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 5) {
        bytes /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.2f %s", bytes, units[unit]);
    return text;
}

/// The model in `path`: every key machine_json() writes.
/// @throw qzone::InputError naming the file and the key that is missing or not a positive number.
MachineModel read_machine(const RuntimeView& rt, const std::string& path) {
    const std::string text = files::read_text(rt, path, std::size_t{1} << 20, "--machine");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError("--machine " + path + ": not JSON: " + e.what());
    }
    if (json.contains("machine")) json = json["machine"]; // a whole `qzone plan --json` answer
    const auto number = [&](const nlohmann::json& object, const std::string& key, const std::string& where) {
        if (!object.is_object() || !object.contains(key) || !object[key].is_number() || !(object[key].get<double>() > 0))
            throw InputError("--machine " + path + ": " + where + key + " is missing or not a positive number");
        return object[key].get<double>();
    };
    MachineModel machine;
    const std::string dense_key = "dense_pass_seconds_per_amplitude";
    if (!json.is_object() || !json.contains(dense_key) || !json[dense_key].is_object())
        throw InputError("--machine " + path + ": " + dense_key + " is missing or not an object of widths 1 to 6");
    for (std::size_t k = 1; k < machine.dense_pass_seconds.size(); ++k)
        machine.dense_pass_seconds[k] = number(json[dense_key], std::to_string(k), dense_key + ".");
    machine.diagonal_pass_seconds = number(json, "diagonal_pass_seconds_per_amplitude", "");
    machine.memory_exchange_bandwidth = number(json, "memory_exchange_bandwidth_bytes_per_second", "");
    machine.copy_bandwidth = number(json, "copy_bandwidth_bytes_per_second", "");
    machine.intra_node_bandwidth = number(json, "intra_node_bandwidth_bytes_per_second", "");
    machine.inter_node_bandwidth = number(json, "inter_node_bandwidth_bytes_per_second", "");
    machine.intra_node_latency = number(json, "intra_node_latency_seconds", "");
    machine.inter_node_latency = number(json, "inter_node_latency_seconds", "");
    machine.cores_per_node = static_cast<std::size_t>(number(json, "cores_per_node", ""));
    machine.intra_node_measured = json.value("intra_node_measured", false);
    machine.inter_node_measured = json.value("inter_node_measured", false);
    machine.memory_per_node_bytes = number(json, "memory_per_node_bytes", "");
    return machine;
}

nlohmann::json machine_json(const MachineModel& machine) {
    nlohmann::json dense = nlohmann::json::object();
    for (std::size_t k = 1; k < machine.dense_pass_seconds.size(); ++k)
        dense[std::to_string(k)] = machine.dense_pass_seconds[k];
    return {{"dense_pass_seconds_per_amplitude", dense},
            {"diagonal_pass_seconds_per_amplitude", machine.diagonal_pass_seconds},
            {"memory_exchange_bandwidth_bytes_per_second", machine.memory_exchange_bandwidth},
            {"copy_bandwidth_bytes_per_second", machine.copy_bandwidth},
            {"intra_node_bandwidth_bytes_per_second", machine.intra_node_bandwidth},
            {"inter_node_bandwidth_bytes_per_second", machine.inter_node_bandwidth},
            {"intra_node_measured", machine.intra_node_measured},
            {"inter_node_measured", machine.inter_node_measured},
            {"intra_node_latency_seconds", machine.intra_node_latency},
            {"inter_node_latency_seconds", machine.inter_node_latency},
            {"cores_per_node", machine.cores_per_node},
            {"memory_per_node_bytes", machine.memory_per_node_bytes}};
}

nlohmann::json projection_json(const std::string& file, const PlanCommand& command, const Projection& p,
                               const MachineModel& machine) {
    const ProjectionRequest& r = command.request;
    return {{"circuit", file},
            {"qubits", p.qubits},
            {"ranks", p.ranks},
            {"ranks_per_node", r.ranks_per_node},
            {"nodes", p.nodes},
            {"precision", name_of(r.precision)},
            {"node_shared_memory", r.share_node_memory},
            {"chunks", p.chunks},
            {"chunk_index_qubits", p.chunk_index_qubits},
            {"memory_per_rank_bytes", p.memory_per_rank_bytes},
            {"memory_per_node_bytes", p.memory_per_node_bytes},
            {"fits", p.fits},
            {"per_shot", p.per_shot},
            {"shots", r.shots},
            {"plan_steps", p.plan_steps},
            {"passes", p.passes},
            {"exchange_stages", p.exchange_stages},
            {"qubits_exchanged", p.qubits_exchanged},
            {"bytes_in_memory", p.bytes_in_memory},
            {"bytes_within_nodes", p.bytes_within_nodes},
            {"bytes_between_nodes", p.bytes_between_nodes},
            {"bytes_through_mpi", p.bytes_through_mpi},
            {"compute_seconds", p.compute_seconds},
            {"exchange_seconds", p.exchange_seconds},
            {"predicted_seconds", p.predicted_seconds},
            {"machine", machine_json(machine)}};
}

std::string summary(const std::string& file, const PlanCommand& command, const Projection& p,
                    const MachineModel& machine) {
    const ProjectionRequest& r = command.request;
    std::ostringstream text;
    text.precision(3);
    text << file << ": " << p.qubits << " qubits on " << p.ranks << " rank(s), " << p.nodes << " node(s) of "
         << r.ranks_per_node << ", " << name_of(r.precision) << " precision; " << p.chunks << " chunk(s), "
         << p.chunk_index_qubits << " chunk-index qubit(s)\n";
    text << "memory: " << bytes_text(p.memory_per_rank_bytes) << " per rank (amplitudes and exchange buffer), "
         << bytes_text(p.memory_per_node_bytes) << " on the busiest node of " << bytes_text(machine.memory_per_node_bytes)
         << (p.fits ? ": fits\n" : ": does NOT fit\n");
    text << "plan: " << p.plan_steps << " steps, " << p.passes << " passes over memory, " << p.exchange_stages
         << " exchange stage(s) moving " << p.qubits_exchanged << " qubit(s)"
         << (p.per_shot ? " (" + std::to_string(r.shots) + " trajectories: the circuit measures mid-circuit)" : "")
         << "\n";
    text << "moved: " << bytes_text(p.bytes_within_nodes) << " between ranks within nodes, "
         << bytes_text(p.bytes_between_nodes) << " between nodes, " << bytes_text(p.bytes_through_mpi)
         << " of it through MPI; " << bytes_text(p.bytes_in_memory) << " within ranks\n";
    text << "predicted: " << p.predicted_seconds << " s (passes " << p.compute_seconds << " s, exchanges "
         << p.exchange_seconds << " s) on a node of " << machine.cores_per_node << " cores, "
         << machine.copy_bandwidth / 1e9 << " GB/s copies, MPI " << machine.intra_node_bandwidth / 1e9
         << " GB/s within nodes (" << (machine.intra_node_measured ? "measured" : "assumed") << ") and "
         << machine.inter_node_bandwidth / 1e9 << " GB/s between them ("
         << (machine.inter_node_measured ? "measured" : "assumed") << ")\n";
    return text.str();
}

} // namespace

void plan(const RuntimeView& rt, const PlanCommand& command) {
    if (rt.size() > 2)
        throw InputError("qzone plan runs as one process (two to measure MPI between them) and plans for --ranks "
                         "without starting them; it was started on " + std::to_string(rt.size()) + " ranks");
    const std::string text = files::read_text(rt, command.file, max_circuit_bytes, "the circuit");
    const std::string name = command.file == "-" ? "<stdin>" : command.file;
    const Circuit circuit = parse_qasm(text, name, command.parameters);
    for (const std::string& warning : circuit.warnings) rt.logger().warn(warning);

    ProjectionRequest request = command.request;
    request.ranks_per_node = command.ranks_per_node.value_or(request.ranks);
    // Fusion as `qzone run` would fuse here (the machine's cost model).
    if (!request.plan.cost_model) request.plan.cost_model = machine_cost_model(rt, request.precision);
    MachineModel machine =
        command.machine_file.empty() ? measure_machine(rt, request.precision) : read_machine(rt, command.machine_file);
    // Nodes of a given shape are taken to give each rank a core, unless told.
    if (command.ranks_per_node && !command.cores_per_node)
        machine.cores_per_node = std::max(machine.cores_per_node, *command.ranks_per_node);
    if (command.memory_per_node_bytes) machine.memory_per_node_bytes = *command.memory_per_node_bytes;
    if (command.cores_per_node) machine.cores_per_node = *command.cores_per_node;
    if (command.intra_node_gb_per_s) machine.intra_node_bandwidth = *command.intra_node_gb_per_s * 1e9;
    if (command.inter_node_gb_per_s) machine.inter_node_bandwidth = *command.inter_node_gb_per_s * 1e9;
    if (command.intra_node_latency_us) machine.intra_node_latency = *command.intra_node_latency_us * 1e-6;
    if (command.inter_node_latency_us) machine.inter_node_latency = *command.inter_node_latency_us * 1e-6;

    const Projection projection = project(circuit, request, machine);
    if (rt.my_resource_set().mpi_rank() != 0) return;
    PlanCommand shown = command;
    shown.request = request;
    if (command.json)
        std::cout << projection_json(name, shown, projection, machine).dump(2) << std::endl;
    else
        std::cout << summary(name, shown, projection, machine) << std::flush;
}

} // namespace qzone::app
