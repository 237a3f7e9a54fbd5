// Private (transport layer): chunk data between ranks through MPI, sent
// from and received into the state's memory when MPI can read it, staged
// through host buffers when it cannot (device memory, MPI not CUDA-aware).

#include "mpi_transport.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <mpi.h>

#include <runtime/detail/collective_core.hpp>
#include <runtime/errors.hpp>

#include "../detail/mpi_check.hpp"
#include "exchange_buffers.hpp"

namespace qzone::transport {
namespace {

// One tag for all chunk exchanges: partners exchange pieces in lockstep, and
// MPI keeps messages between two ranks in order.
constexpr int exchange_tag = 0x7178;

using detail::check_mpi;

/// One piece in flight: its requests and where it goes.
struct Transfer {
    std::uint64_t first = 0, n = 0;
    MPI_Request sent = MPI_REQUEST_NULL, received = MPI_REQUEST_NULL;
};

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

class MpiTransport final : public Transport {
public:
    MpiTransport(MPI_Comm comm, std::size_t buffer_bytes, std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes,
                 bool stage_through_host, std::string name)
        : comm_(comm), buffers_(buffer_bytes, chunk_amplitudes, amplitude_bytes, stage_through_host),
          name_(std::move(name)) {}

    void exchange(int partner, std::uint64_t count, const OutgoingPiece<float>& outgoing,
                  const ArrivedPiece<float>& arrived) override {
        exchange_in_pieces<float>(comm_, partner, count, buffers_, outgoing, arrived);
    }
    void exchange(int partner, std::uint64_t count, const OutgoingPiece<double>& outgoing,
                  const ArrivedPiece<double>& arrived) override {
        exchange_in_pieces<double>(comm_, partner, count, buffers_, outgoing, arrived);
    }
    void gather_to_root(const void* data, std::uint64_t bytes,
                        const std::function<void*(std::uint64_t)>& allocate) override {
        detail::gatherv_bytes(comm_, 0, data, bytes, allocate);
    }
    std::uint64_t bytes_sent() const noexcept override { return buffers_.bytes_sent(); }
    std::size_t buffer_bytes() const noexcept override { return buffers_.bytes(); }
    std::string name() const override { return name_; }

private:
    MPI_Comm comm_;
    ExchangeBuffers buffers_;
    std::string name_;
};

} // namespace

std::unique_ptr<Transport> make_mpi_transport(const RuntimeView& runtime, std::size_t buffer_bytes,
                                              std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes,
                                              bool stage_through_host, std::string name) {
    return std::make_unique<MpiTransport>(runtime.mpi_comm(), buffer_bytes, chunk_amplitudes, amplitude_bytes,
                                          stage_through_host, std::move(name));
}

} // namespace qzone::transport
