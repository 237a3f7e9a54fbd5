#include "exchange_buffers.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>

#include "mpi_check.hpp"

namespace qzone::detail {

namespace {

// One tag for all chunk exchanges: partners exchange pieces in lockstep, and
// MPI keeps messages between two ranks in order.
constexpr int exchange_tag = 0x7178;

std::uint64_t piece_size(std::size_t bytes, std::uint64_t max_piece_amplitudes) {
    const std::uint64_t per_buffer = bytes / 2 / sizeof(Kokkos::complex<double>);
    if (per_buffer == 0)
        throw std::invalid_argument("exchange buffer of " + std::to_string(bytes) +
                                    " bytes is too small: it needs at least 32 bytes (one amplitude each way)");
    // One piece must fit MPI's int count of bytes.
    const std::uint64_t mpi_limit = INT_MAX / sizeof(Kokkos::complex<double>);
    return std::min({per_buffer, std::max<std::uint64_t>(max_piece_amplitudes, 1), mpi_limit});
}

} // namespace

ExchangeBuffers::ExchangeBuffers(std::size_t bytes, std::uint64_t max_piece_amplitudes)
    : send_(Kokkos::ViewAllocateWithoutInitializing("qzone::exchange_send"), piece_size(bytes, max_piece_amplitudes)),
      receive_(Kokkos::ViewAllocateWithoutInitializing("qzone::exchange_receive"),
               piece_size(bytes, max_piece_amplitudes)) {}

void exchange_in_pieces(MPI_Comm comm, int partner, std::uint64_t count, const ExchangeBuffers& buffers,
                        const std::function<const void*(std::uint64_t, std::uint64_t)>& outgoing,
                        const std::function<void(std::uint64_t, std::uint64_t)>& arrived) {
    const std::uint64_t piece = buffers.piece_amplitudes();
    for (std::uint64_t first = 0; first < count; first += piece) {
        const std::uint64_t n = std::min(piece, count - first);
        const void* data = outgoing(first, n);
        Kokkos::fence(); // packing kernels must finish before MPI reads
        const int bytes = static_cast<int>(n * sizeof(Kokkos::complex<double>));
        check_mpi(MPI_Sendrecv(data, bytes, MPI_BYTE, partner, exchange_tag, buffers.receive().data(), bytes,
                               MPI_BYTE, partner, exchange_tag, comm, MPI_STATUS_IGNORE),
                  "MPI_Sendrecv");
        arrived(first, n);
    }
}

} // namespace qzone::detail
