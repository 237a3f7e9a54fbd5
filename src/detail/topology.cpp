#include "topology.hpp"

#include <algorithm>
#include <string>

#include <unistd.h>

#include <Kokkos_Core.hpp>

#include <runtime/detail/collectives.hpp>

#include "agreement.hpp"
#include "gpu_query.hpp"
#include "host_memory.hpp"
#include "mpi_check.hpp"
#include "resource_impls.hpp"

namespace qzone::detail {
namespace {

/// What a rank tells the others about itself.
struct RankDescription {
    std::string hostname;
    std::uint64_t total_ram = 0;
    std::uint64_t available_ram = 0;
    std::uint64_t node_leader = 0; ///< lowest rank on the same node
    std::uint64_t node_local_rank = 0;
    std::uint64_t host_threads = 1;
    std::vector<GpuDescription> gpus;
    std::int64_t state_device = -1; ///< the CUDA device Kokkos runs on; -1: host memory

    template<typename Archive>
    void serialize(Archive& archive) {
        archive(hostname, total_ram, available_ram, node_leader, node_local_rank, host_threads, gpus, state_device);
    }
};

std::string this_hostname() {
    char name[256] = {};
    if (gethostname(name, sizeof(name) - 1) != 0) return "unknown";
    return name;
}

/// This rank's node-local rank and the lowest rank of its node, from a
/// shared-memory split of `comm`.
void locate_on_node(MPI_Comm comm, int rank, RankDescription& description) {
    MPI_Comm node_comm = MPI_COMM_NULL;
    check_mpi(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node_comm),
              "MPI_Comm_split_type");
    int local_rank = 0, leader = rank;
    int code = MPI_Comm_rank(node_comm, &local_rank);
    if (code == MPI_SUCCESS) code = MPI_Allreduce(&rank, &leader, 1, MPI_INT, MPI_MIN, node_comm);
    MPI_Comm_free(&node_comm);
    check_mpi(code, "MPI_Allreduce (node leader)");
    description.node_local_rank = static_cast<std::uint64_t>(local_rank);
    description.node_leader = static_cast<std::uint64_t>(leader);
}

} // namespace

Topology discover_topology(MPI_Comm comm) {
    const int rank = comm_rank(comm);
    RankDescription mine;
    mine.hostname = this_hostname();
    locate_on_node(comm, rank, mine);
    // Kokkos is initialized before the topology is discovered.
    mine.host_threads = static_cast<std::uint64_t>(Kokkos::DefaultHostExecutionSpace().concurrency());
    std::string memory_error;
    try {
        const HostMemory memory = read_host_memory();
        mine.total_ram = memory.total_bytes;
        mine.available_ram = memory.available_bytes;
    } catch (const Error& e) {
        memory_error = e.what();
    }
    agree(comm, memory_error.empty(), memory_error, ErrorKind::internal);
    GpuQuery gpus = query_gpus();
    mine.gpus = std::move(gpus.devices);
    mine.state_device = kokkos_device();

    const std::vector<RankDescription> all = all_gather(comm, mine);

    std::vector<std::uint64_t> leaders;
    for (const RankDescription& description : all) leaders.push_back(description.node_leader);
    std::sort(leaders.begin(), leaders.end());
    leaders.erase(std::unique(leaders.begin(), leaders.end()), leaders.end());

    Topology topology;
    topology.node_count = leaders.size();
    topology.why_no_gpus = std::move(gpus.why_none);
    for (std::size_t r = 0; r < all.size(); ++r) {
        const RankDescription& description = all[r];
        const bool is_me = static_cast<int>(r) == rank;
        auto ram = std::make_unique<RAMImpl>(
            RAMImpl{comm, r, description.total_ram, description.available_ram, is_me});
        std::vector<GPU> gpus;
        for (const GpuDescription& gpu : description.gpus)
            gpus.emplace_back(gpu.device_index, gpu.name, gpu.total_memory, gpu.free_memory);
        const auto node_index = static_cast<std::size_t>(
            std::lower_bound(leaders.begin(), leaders.end(), description.node_leader) - leaders.begin());
        topology.resource_sets.emplace_back(std::make_unique<ResourceSetImpl>(ResourceSetImpl{
            r, description.hostname, node_index, static_cast<std::size_t>(description.node_local_rank),
            static_cast<std::size_t>(description.host_threads), is_me,
            RAM(std::move(ram)), std::move(gpus), static_cast<int>(description.state_device)}));
    }
    return topology;
}

} // namespace qzone::detail
