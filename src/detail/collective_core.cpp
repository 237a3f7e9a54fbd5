#include <runtime/detail/collective_core.hpp>
#include <runtime/errors.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

#include "mpi_check.hpp"

namespace qzone::detail {
namespace {

// A point-to-point tag for the split path of gatherv_bytes. The view's
// communicator is private to qzone, so no user message can match it.
constexpr int split_gather_tag = 0x7a6f;

int piece_count(std::uint64_t remaining, std::uint64_t max_count) {
    return static_cast<int>(std::min(remaining, max_count));
}

/// Whether blocks of `sizes` bytes fit the int counts and displacements of
/// one MPI_Allgatherv/MPI_Gatherv call.
bool fits_one_call(const std::vector<std::uint64_t>& sizes, std::uint64_t max_count) {
    std::uint64_t offset = 0;
    for (std::uint64_t size : sizes) {
        if (size > max_count || offset > max_count) return false;
        offset += size;
    }
    return true;
}

void int_counts_and_displacements(const std::vector<std::uint64_t>& sizes, std::vector<int>& counts,
                                  std::vector<int>& displacements) {
    counts.resize(sizes.size());
    displacements.resize(sizes.size());
    std::uint64_t offset = 0;
    for (std::size_t rank = 0; rank < sizes.size(); ++rank) {
        counts[rank] = static_cast<int>(sizes[rank]);
        displacements[rank] = static_cast<int>(offset);
        offset += sizes[rank];
    }
}

} // namespace

int comm_size(MPI_Comm comm) {
    int size = 0;
    check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");
    return size;
}

int comm_rank(MPI_Comm comm) {
    int rank = 0;
    check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    return rank;
}

std::vector<std::uint64_t> allgather_sizes(MPI_Comm comm, std::uint64_t value) {
    std::vector<std::uint64_t> values(static_cast<std::size_t>(comm_size(comm)));
    check_mpi(MPI_Allgather(&value, 1, MPI_UINT64_T, values.data(), 1, MPI_UINT64_T, comm), "MPI_Allgather");
    return values;
}

void allgatherv_bytes(MPI_Comm comm, const void* send, const std::vector<std::uint64_t>& sizes, void* recv,
                      std::uint64_t max_count) {
    const int rank = comm_rank(comm);
    if (fits_one_call(sizes, max_count)) {
        std::vector<int> counts, displacements;
        int_counts_and_displacements(sizes, counts, displacements);
        check_mpi(MPI_Allgatherv(send, counts[rank], MPI_BYTE, recv, counts.data(), displacements.data(),
                                 MPI_BYTE, comm),
                  "MPI_Allgatherv");
        return;
    }
    // Too large for int counts: each rank broadcasts its block in pieces,
    // straight into its place in `recv`.
    auto* out = static_cast<char*>(recv);
    for (std::size_t owner = 0; owner < sizes.size(); ++owner) {
        if (static_cast<int>(owner) == rank && sizes[owner] != 0) std::memcpy(out, send, sizes[owner]);
        broadcast_bytes(comm, static_cast<int>(owner), out, sizes[owner], max_count);
        out += sizes[owner];
    }
}

void gatherv_bytes_into(MPI_Comm comm, int root, const void* send, std::uint64_t size,
                        const std::vector<std::uint64_t>& sizes, void* recv, std::uint64_t max_count) {
    const int rank = comm_rank(comm);
    if (fits_one_call(sizes, max_count)) {
        std::vector<int> counts, displacements;
        int_counts_and_displacements(sizes, counts, displacements);
        check_mpi(MPI_Gatherv(send, static_cast<int>(size), MPI_BYTE, recv, counts.data(), displacements.data(),
                              MPI_BYTE, root, comm),
                  "MPI_Gatherv");
        return;
    }
    // Too large for int counts: point-to-point transfers in pieces.
    if (rank != root) {
        send_bytes(comm, root, split_gather_tag, send, size, max_count);
        return;
    }
    auto* out = static_cast<char*>(recv);
    for (std::size_t source = 0; source < sizes.size(); ++source) {
        if (static_cast<int>(source) == root) {
            if (size != 0) std::memcpy(out, send, size);
        } else {
            receive_bytes(comm, static_cast<int>(source), split_gather_tag, out, sizes[source], max_count);
        }
        out += sizes[source];
    }
}

void send_bytes(MPI_Comm comm, int destination, int tag, const void* data, std::uint64_t size,
                std::uint64_t max_count) {
    const auto* bytes = static_cast<const char*>(data);
    for (std::uint64_t offset = 0; offset < size; offset += max_count)
        check_mpi(MPI_Send(bytes + offset, piece_count(size - offset, max_count), MPI_BYTE, destination, tag, comm),
                  "MPI_Send");
}

void receive_bytes(MPI_Comm comm, int source, int tag, void* data, std::uint64_t size, std::uint64_t max_count) {
    auto* bytes = static_cast<char*>(data);
    for (std::uint64_t offset = 0; offset < size; offset += max_count)
        check_mpi(MPI_Recv(bytes + offset, piece_count(size - offset, max_count), MPI_BYTE, source, tag, comm,
                           MPI_STATUS_IGNORE),
                  "MPI_Recv");
}

std::uint64_t broadcast_size(MPI_Comm comm, int root, std::uint64_t size) {
    check_mpi(MPI_Bcast(&size, 1, MPI_UINT64_T, root, comm), "MPI_Bcast");
    return size;
}

void broadcast_bytes(MPI_Comm comm, int root, void* data, std::uint64_t size, std::uint64_t max_count) {
    auto* bytes = static_cast<char*>(data);
    for (std::uint64_t offset = 0; offset < size; offset += max_count)
        check_mpi(MPI_Bcast(bytes + offset, piece_count(size - offset, max_count), MPI_BYTE, root, comm),
                  "MPI_Bcast");
}

void allreduce_in_place(MPI_Comm comm, void* data, std::uint64_t count, MPI_Datatype type, MPI_Op op,
                        std::uint64_t max_count) {
    MPI_Aint lower_bound = 0, extent = 0;
    check_mpi(MPI_Type_get_extent(type, &lower_bound, &extent), "MPI_Type_get_extent");
    auto* elements = static_cast<char*>(data);
    for (std::uint64_t offset = 0; offset < count; offset += max_count)
        check_mpi(MPI_Allreduce(MPI_IN_PLACE, elements + offset * static_cast<std::uint64_t>(extent),
                                piece_count(count - offset, max_count), type, op, comm),
                  "MPI_Allreduce");
}

void require_same_length(MPI_Comm comm, std::uint64_t length) {
    // One all-reduce yields both the longest and (through its complement) the shortest length.
    std::uint64_t bounds[2] = {length, std::numeric_limits<std::uint64_t>::max() - length};
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, bounds, 2, MPI_UINT64_T, MPI_MAX, comm), "MPI_Allreduce");
    const std::uint64_t longest = bounds[0];
    const std::uint64_t shortest = std::numeric_limits<std::uint64_t>::max() - bounds[1];
    if (shortest != longest)
        throw InputError("reduce: vector lengths differ across ranks (shortest " + std::to_string(shortest) +
                         ", longest " + std::to_string(longest) + " elements)");
}

} // namespace qzone::detail
