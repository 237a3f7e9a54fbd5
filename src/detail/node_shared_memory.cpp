#include "node_shared_memory.hpp"

#include <cstdint>
#include <numeric>

#include "mpi_check.hpp"

namespace qzone::detail {

NodeSharedMemory::NodeSharedMemory(MPI_Comm comm, std::size_t bytes) {
    int rank = 0, size = 0;
    check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");
    check_mpi(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node_comm_),
              "MPI_Comm_split_type");
    MPI_Comm_set_errhandler(node_comm_, MPI_ERRORS_RETURN);
    int node_size = 0;
    check_mpi(MPI_Comm_rank(node_comm_, &my_node_rank_), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(node_comm_, &node_size), "MPI_Comm_size");

    // MPI promises no alignment (Open MPI returns blocks at 8 mod 16, and the
    // displacement unit is not an alignment): every rank allocates `block_alignment`
    // bytes more and starts its block at the first aligned address in it.
    void* base = nullptr;
    check_mpi(MPI_Win_allocate_shared(static_cast<MPI_Aint>(bytes + block_alignment), 1, MPI_INFO_NULL, node_comm_,
                                      &base, &window_),
              "MPI_Win_allocate_shared");
    // One passive-target epoch for the window's lifetime: MPI_Win_sync needs it.
    check_mpi(MPI_Win_lock_all(MPI_MODE_NOCHECK, window_), "MPI_Win_lock_all");
    blocks_.resize(static_cast<std::size_t>(node_size));
    for (int peer = 0; peer < node_size; ++peer) {
        MPI_Aint peer_bytes = 0;
        int unit = 0;
        void* start = nullptr;
        check_mpi(MPI_Win_shared_query(window_, peer, &peer_bytes, &unit, &start), "MPI_Win_shared_query");
        const auto address = reinterpret_cast<std::uintptr_t>(start);
        blocks_[peer] = reinterpret_cast<void*>((address + block_alignment - 1) / block_alignment * block_alignment);
    }
    // Which rank of `comm` is which rank of the node.
    MPI_Group group = MPI_GROUP_NULL, node_group = MPI_GROUP_NULL;
    check_mpi(MPI_Comm_group(comm, &group), "MPI_Comm_group");
    check_mpi(MPI_Comm_group(node_comm_, &node_group), "MPI_Comm_group");
    std::vector<int> ranks(static_cast<std::size_t>(size));
    std::iota(ranks.begin(), ranks.end(), 0);
    node_rank_of_rank_.resize(ranks.size());
    const int code = MPI_Group_translate_ranks(group, size, ranks.data(), node_group, node_rank_of_rank_.data());
    MPI_Group_free(&group);
    MPI_Group_free(&node_group);
    check_mpi(code, "MPI_Group_translate_ranks");
    for (int& node_rank : node_rank_of_rank_)
        if (node_rank == MPI_UNDEFINED) node_rank = -1;
}

NodeSharedMemory::~NodeSharedMemory() noexcept {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized) return;
    if (window_ != MPI_WIN_NULL) {
        MPI_Win_unlock_all(window_);
        MPI_Win_free(&window_);
    }
    if (node_comm_ != MPI_COMM_NULL) MPI_Comm_free(&node_comm_);
}

void* NodeSharedMemory::of(std::size_t rank) const noexcept {
    const int node_rank = node_rank_of_rank_[rank];
    return node_rank < 0 ? nullptr : blocks_[static_cast<std::size_t>(node_rank)];
}

void NodeSharedMemory::node_barrier() const {
    // A full memory barrier, then the barrier: the unified memory model of
    // shared windows makes plain loads and stores visible across it.
    check_mpi(MPI_Win_sync(window_), "MPI_Win_sync");
    check_mpi(MPI_Barrier(node_comm_), "MPI_Barrier (node)");
}

} // namespace qzone::detail
