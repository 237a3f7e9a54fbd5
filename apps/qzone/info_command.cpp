#include "info_command.hpp"

#include <algorithm>

#include <runtime/build_info.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/precision.hpp>

namespace qzone::app {

namespace {

/// The most qubits a state in `precision` can have on these ranks with the default options.
unsigned most_qubits_in(const RuntimeView& rt, Precision precision) {
    StateOptions options;
    options.precision = precision;
    return most_qubits(rt, options);
}

} // namespace

nlohmann::json threads_per_rank(const RuntimeView& rt) {
    nlohmann::json each = nlohmann::json::array();
    for (std::size_t r = 0; r < rt.size(); ++r) each.push_back(rt.at(r).host_threads());
    return std::all_of(each.begin(), each.end(), [&](const nlohmann::json& n) { return n == each[0]; }) ? each[0]
                                                                                                       : each;
}

nlohmann::json describe_machine(const RuntimeView& rt) {
    const BuildInfo build = build_info();
    nlohmann::json ranks = nlohmann::json::array();
    for (std::size_t r = 0; r < rt.size(); ++r) {
        const ResourceSet& resources = rt.at(r);
        nlohmann::json gpus = nlohmann::json::array();
        for (const GPU& gpu : resources.gpus())
            gpus.push_back({{"device_index", gpu.device_index()},
                            {"name", gpu.name()},
                            {"total_bytes", gpu.total_memory()},
                            {"free_bytes", gpu.free_memory()}});
        ranks.push_back({{"rank", r},
                         {"hostname", resources.hostname()},
                         {"node_index", resources.node_index()},
                         {"node_local_rank", resources.node_local_rank()},
                         {"host_threads", resources.host_threads()},
                         {"ram", {{"total_bytes", resources.ram().total_space()},
                                  {"available_bytes", resources.ram().available_space()}}},
                         {"gpus", gpus},
                         {"state_gpu", resources.state_gpu() ? nlohmann::json(resources.state_gpu()->device_index())
                                                             : nlohmann::json(nullptr)}});
    }
    return {{"build",
             {{"qzone", build.qzone_version},
              {"kokkos", build.kokkos_version},
              {"kokkos_execution_space", build.kokkos_execution_space},
              {"kokkos_host_execution_space", build.kokkos_host_execution_space},
              {"mpi", build.mpi_library},
              {"mpi_cuda_aware", build.mpi_cuda_aware},
              {"cuda_enabled", build.cuda_enabled},
              {"cuda_runtime", build.cuda_runtime_version},
              {"nccl", build.nccl_version},
              {"nccl_transport", build.nccl_transport},
              {"kernel_path", build.kernel_path}}},
            {"ranks", rt.size()},
            {"threads_per_rank", threads_per_rank(rt)},
            {"precisions",
             {{"single", {{"amplitude_bytes", amplitude_bytes(Precision::single)},
                          {"max_qubits", most_qubits_in(rt, Precision::single)}}},
              {"double", {{"amplitude_bytes", amplitude_bytes(Precision::double_)},
                          {"max_qubits", most_qubits_in(rt, Precision::double_)}}}}},
            {"nodes", rt.node_count()},
            {"resource_sets", ranks}};
}

} // namespace qzone::app
