// Prints, from rank 0, what the RuntimeView sees: the build, the ranks, their
// nodes, host memory and GPUs, as JSON on stdout.
//
//   mpirun -np 2 qzone-topology

#include <cstdio>
#include <exception>
#include <iostream>

#include <nlohmann/json.hpp>

#include <runtime/build_info.hpp>
#include <runtime/runtime_view.hpp>

namespace {

nlohmann::json describe(const qzone::ResourceSet& resources) {
    nlohmann::json gpus = nlohmann::json::array();
    for (const qzone::GPU& gpu : resources.gpus())
        gpus.push_back({{"device_index", gpu.device_index()},
                        {"name", gpu.name()},
                        {"total_bytes", gpu.total_memory()},
                        {"free_bytes", gpu.free_memory()}});
    return {{"rank", resources.mpi_rank()},
            {"hostname", resources.hostname()},
            {"node_index", resources.node_index()},
            {"node_local_rank", resources.node_local_rank()},
            {"ram", {{"total_bytes", resources.ram().total_space()},
                     {"available_bytes", resources.ram().available_space()}}},
            {"gpus", gpus}};
}

nlohmann::json describe_build() {
    const qzone::BuildInfo build = qzone::build_info();
    return {{"qzone", build.qzone_version},
            {"kokkos", build.kokkos_version},
            {"kokkos_execution_space", build.kokkos_execution_space},
            {"mpi", build.mpi_library},
            {"cuda_enabled", build.cuda_enabled},
            {"cuda_runtime", build.cuda_runtime_version},
            {"nccl", build.nccl_version}};
}

} // namespace

int main(int argc, char** argv) {
    try {
        const qzone::RuntimeView runtime(argc, argv);
        nlohmann::json ranks = nlohmann::json::array();
        for (std::size_t rank = 0; rank < runtime.size(); ++rank) ranks.push_back(describe(runtime.at(rank)));
        if (runtime.my_resource_set().mpi_rank() == 0) {
            const nlohmann::json topology = {{"build", describe_build()},
                                             {"ranks", runtime.size()},
                                             {"nodes", runtime.node_count()},
                                             {"resource_sets", ranks}};
            std::cout << topology.dump(2) << std::endl;
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qzone-topology: error: %s\n", e.what());
        return 1;
    }
}
