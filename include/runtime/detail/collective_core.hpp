#pragma once
/// @file collective_core.hpp
/// Not part of the API. The byte- and element-level collectives that the
/// typed templates of collectives.hpp are built on. Counts are 64-bit: a
/// message of more than `max_count` elements is split into several MPI calls
/// (MPI's own counts are `int`). `max_count` is a parameter only so that tests
/// can exercise the split with small messages. Every MPI return code is
/// checked; a failure throws qzone::MpiError.

#include <climits>
#include <cstdint>
#include <vector>

#include <mpi.h>

namespace qzone::detail {

/// The largest element count one MPI call takes.
inline constexpr std::uint64_t max_mpi_count = INT_MAX;

/// Every rank's `value`, in rank order, on every rank.
std::vector<std::uint64_t> allgather_sizes(MPI_Comm comm, std::uint64_t value);

/// All-gather of byte blocks of known, possibly different sizes: rank r
/// contributes sizes[r] bytes from `send`; `recv` receives all blocks
/// back to back in rank order (sum(sizes) bytes).
void allgatherv_bytes(MPI_Comm comm, const void* send, const std::vector<std::uint64_t>& sizes,
                      void* recv, std::uint64_t max_count = max_mpi_count);

/// Gather of byte blocks to `root`. Returns every rank's block size; on root
/// the blocks are in the buffer `prepare(total_bytes)` returned (called on
/// root only), back to back in rank order.
template<typename Prepare>
std::vector<std::uint64_t> gatherv_bytes(MPI_Comm comm, int root, const void* send, std::uint64_t size,
                                         Prepare&& prepare, std::uint64_t max_count = max_mpi_count);

/// Point-to-point transfer of `size` bytes, split into messages of at most
/// `max_count` bytes; the receiver must expect the same size.
void send_bytes(MPI_Comm comm, int destination, int tag, const void* data, std::uint64_t size,
                std::uint64_t max_count = max_mpi_count);
void receive_bytes(MPI_Comm comm, int source, int tag, void* data, std::uint64_t size,
                   std::uint64_t max_count = max_mpi_count);

/// Root's `size` on every rank.
std::uint64_t broadcast_size(MPI_Comm comm, int root, std::uint64_t size);

/// Broadcast of `size` bytes at `data` from root to every rank.
void broadcast_bytes(MPI_Comm comm, int root, void* data, std::uint64_t size,
                     std::uint64_t max_count = max_mpi_count);

/// In-place all-reduce of `count` elements of `type` with `op`.
void allreduce_in_place(MPI_Comm comm, void* data, std::uint64_t count, MPI_Datatype type, MPI_Op op,
                        std::uint64_t max_count = max_mpi_count);

/// Throws the same qzone::Error on every rank unless every rank passes the
/// same `length`.
void require_same_length(MPI_Comm comm, std::uint64_t length);

/// Size of `comm` and this process's rank in it.
int comm_size(MPI_Comm comm);
int comm_rank(MPI_Comm comm);

// --- gatherv_bytes is a template only for its buffer callback ---

/// The byte transfer of gatherv_bytes, once root's buffer exists.
void gatherv_bytes_into(MPI_Comm comm, int root, const void* send, std::uint64_t size,
                        const std::vector<std::uint64_t>& sizes, void* recv, std::uint64_t max_count);

template<typename Prepare>
std::vector<std::uint64_t> gatherv_bytes(MPI_Comm comm, int root, const void* send, std::uint64_t size,
                                         Prepare&& prepare, std::uint64_t max_count) {
    // Every rank learns every size, so all take the same (one-call or split) path.
    std::vector<std::uint64_t> sizes = allgather_sizes(comm, size);
    void* recv = nullptr;
    if (comm_rank(comm) == root) {
        std::uint64_t total = 0;
        for (auto s : sizes) total += s;
        recv = prepare(total);
    }
    gatherv_bytes_into(comm, root, send, size, sizes, recv, max_count);
    return sizes;
}

} // namespace qzone::detail
