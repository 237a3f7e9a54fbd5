#pragma once
// Private: memory that the ranks of one node can all read and write, from
// one MPI-3 shared-memory window per node. Knows bytes and ranks only.

#include <cstddef>
#include <vector>

#include <mpi.h>

namespace qzone::detail {

/// Each rank's block of a node-wide shared allocation, and the node's
/// communicator to synchronise on. Collective over `comm` to build and free.
class NodeSharedMemory {
public:
    /// Every block starts at a multiple of this many bytes (a cache line;
    /// aligned vector loads and Kokkos' own fills need at least 16).
    static constexpr std::size_t block_alignment = 64;

    /// Allocates `bytes` (aligned to block_alignment) for this rank in a window shared with the ranks of
    /// `comm` on its node. @throw qzone::MpiError if MPI fails.
    NodeSharedMemory(MPI_Comm comm, std::size_t bytes);
    NodeSharedMemory(const NodeSharedMemory&) = delete;
    NodeSharedMemory& operator=(const NodeSharedMemory&) = delete;
    ~NodeSharedMemory() noexcept;

    /// This rank's block.
    void* mine() const noexcept { return blocks_[my_node_rank_]; }
    /// The block of `rank` (of the communicator), or nullptr when that rank
    /// is on another node.
    void* of(std::size_t rank) const noexcept;

    /// All ranks of this node: earlier writes to shared blocks are visible after it.
    /// @throw qzone::MpiError if MPI fails.
    void node_barrier() const;

private:
    MPI_Comm node_comm_ = MPI_COMM_NULL;
    MPI_Win window_ = MPI_WIN_NULL;
    int my_node_rank_ = 0;
    std::vector<void*> blocks_;          ///< by node rank
    std::vector<int> node_rank_of_rank_; ///< by communicator rank; -1 off this node
};

} // namespace qzone::detail
