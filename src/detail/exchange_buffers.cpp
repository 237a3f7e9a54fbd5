#include "exchange_buffers.hpp"

#include <algorithm>
#include <climits>
#include <string>
#include <utility>

#include <runtime/errors.hpp>

#include "mpi_check.hpp"

namespace qzone::detail {

namespace {

// One tag for all chunk exchanges: partners exchange pieces in lockstep, and
// MPI keeps messages between two ranks in order.
constexpr int exchange_tag = 0x7178;

std::uint64_t piece_size(std::size_t bytes, std::uint64_t max_piece_amplitudes, std::size_t amplitude_bytes) {
    const std::uint64_t per_buffer = bytes / 4 / amplitude_bytes;
    if (per_buffer == 0)
        throw InputError("exchange buffer of " + std::to_string(bytes) +
                         " bytes is too small: it needs at least " + std::to_string(4 * amplitude_bytes) +
                         " bytes (two pieces of one amplitude each way)");
    // One piece must fit MPI's int count of bytes.
    const std::uint64_t mpi_limit = INT_MAX / amplitude_bytes;
    return std::min({per_buffer, std::max<std::uint64_t>(max_piece_amplitudes, 1), mpi_limit});
}

template<class View>
View allocate(const char* label, std::uint64_t bytes) {
    return View(Kokkos::ViewAllocateWithoutInitializing(label), bytes);
}

/// One piece in flight: its requests and where it goes.
struct Transfer {
    std::uint64_t first = 0, n = 0;
    MPI_Request sent = MPI_REQUEST_NULL, received = MPI_REQUEST_NULL;
};

} // namespace

ExchangeBuffers::ExchangeBuffers(std::size_t bytes, std::uint64_t max_piece_amplitudes, std::size_t amplitude_bytes,
                                 bool stage_through_host)
    : piece_amplitudes_(piece_size(bytes, max_piece_amplitudes, amplitude_bytes)), amplitude_bytes_(amplitude_bytes) {
    const std::uint64_t piece_bytes = piece_amplitudes_ * amplitude_bytes;
    const auto device = [&](const char* label) { return allocate<bytes_type>(label, piece_bytes); };
    send_ = {device("qzone::exchange_send_0"), device("qzone::exchange_send_1")};
    receive_ = {device("qzone::exchange_receive_0"), device("qzone::exchange_receive_1")};
    if (stage_through_host) {
        const auto host = [&](const char* label) { return allocate<host_bytes_type>(label, piece_bytes); };
        staged_send_ = {host("qzone::staged_send_0"), host("qzone::staged_send_1")};
        staged_receive_ = {host("qzone::staged_receive_0"), host("qzone::staged_receive_1")};
    }
}

template<class Real>
void exchange_in_pieces(MPI_Comm comm, int partner, std::uint64_t count, ExchangeBuffers& buffers,
                        const OutgoingPiece<Real>& outgoing, const ArrivedPiece<Real>& arrived) {
    using Unmanaged = Kokkos::View<const Kokkos::complex<Real>*, Kokkos::MemoryUnmanaged>;
    using HostAmplitudes = Kokkos::View<Kokkos::complex<Real>*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>;
    constexpr std::size_t amplitude_bytes = sizeof(Kokkos::complex<Real>);
    const std::uint64_t piece = buffers.piece_amplitudes();
    const std::uint64_t pieces = (count + piece - 1) / piece;
    const bool staged = buffers.stages_through_host();
    Transfer transfers[2];
    const auto start = [&](std::uint64_t index) {
        Transfer& transfer = transfers[index % 2];
        const int slot = static_cast<int>(index % 2);
        transfer.first = index * piece;
        transfer.n = std::min(piece, count - transfer.first);
        const int bytes = static_cast<int>(transfer.n * amplitude_bytes);
        // The combine of the piece that used this slot before may still be
        // reading its receive buffer (asynchronous on a device).
        Kokkos::fence();
        void* receive_into = staged ? static_cast<void*>(buffers.staged_receive(slot).data())
                                    : static_cast<void*>(buffers.receive<Real>(slot).data());
        check_mpi(MPI_Irecv(receive_into, bytes, MPI_BYTE, partner, exchange_tag, comm, &transfer.received),
                  "MPI_Irecv");
        const void* data = outgoing(transfer.first, transfer.n, buffers.send<Real>(slot));
        if (staged) {
            const Unmanaged packed(static_cast<const Kokkos::complex<Real>*>(data), transfer.n);
            const HostAmplitudes staging(reinterpret_cast<Kokkos::complex<Real>*>(buffers.staged_send(slot).data()),
                                         transfer.n);
            Kokkos::deep_copy(staging, packed);
            data = staging.data();
        }
        Kokkos::fence(); // packing (and staging) must be complete before MPI reads the buffer
        check_mpi(MPI_Isend(data, bytes, MPI_BYTE, partner, exchange_tag, comm, &transfer.sent), "MPI_Isend");
        buffers.count_sent(static_cast<std::uint64_t>(bytes));
    };
    const auto finish = [&](std::uint64_t index) {
        Transfer& transfer = transfers[index % 2];
        const int slot = static_cast<int>(index % 2);
        check_mpi(MPI_Wait(&transfer.received, MPI_STATUS_IGNORE), "MPI_Wait (receive)");
        check_mpi(MPI_Wait(&transfer.sent, MPI_STATUS_IGNORE), "MPI_Wait (send)");
        if (staged) {
            const HostAmplitudes staging(
                reinterpret_cast<Kokkos::complex<Real>*>(buffers.staged_receive(slot).data()), transfer.n);
            Kokkos::deep_copy(Kokkos::subview(buffers.receive<Real>(slot), std::make_pair(std::uint64_t{0}, transfer.n)),
                              staging);
        }
        arrived(transfer.first, transfer.n, buffers.receive<Real>(slot));
    };
    try {
        if (pieces > 0) start(0);
        for (std::uint64_t index = 0; index < pieces; ++index) {
            if (index + 1 < pieces) start(index + 1);
            finish(index);
        }
        Kokkos::fence();
    } catch (...) {
        // Leave no request behind: cancel the receives, release everything.
        for (Transfer& transfer : transfers) {
            if (transfer.received != MPI_REQUEST_NULL) {
                MPI_Cancel(&transfer.received);
                MPI_Request_free(&transfer.received);
            }
            if (transfer.sent != MPI_REQUEST_NULL) MPI_Request_free(&transfer.sent);
        }
        throw;
    }
}

template void exchange_in_pieces<float>(MPI_Comm, int, std::uint64_t, ExchangeBuffers&, const OutgoingPiece<float>&,
                                        const ArrivedPiece<float>&);
template void exchange_in_pieces<double>(MPI_Comm, int, std::uint64_t, ExchangeBuffers&, const OutgoingPiece<double>&,
                                         const ArrivedPiece<double>&);

} // namespace qzone::detail
