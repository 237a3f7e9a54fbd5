#pragma once
// Private: the bounded, reusable buffers through which chunk data travels
// between ranks, and the pieced, pipelined exchange that uses them. Knows
// bytes and ranks, nothing of gates.

#include <array>
#include <cstdint>
#include <functional>

#include <Kokkos_Core.hpp>
#include <mpi.h>

#include <runtime/errors.hpp>

namespace qzone::detail {

/// Two send and two receive Views of piece_amplitudes() amplitudes each, so
/// that one piece can travel while the previous one is combined. Allocated
/// once per state and reused by every exchange. When MPI cannot read the
/// memory space the state lives in (device memory and an MPI that is not
/// CUDA-aware), a host copy of each buffer is where MPI sends from and
/// receives into.
class ExchangeBuffers {
public:
    using view_type = Kokkos::View<Kokkos::complex<double>*>;
    using host_view_type = view_type::HostMirror;

    /// `bytes` in total, split into four; each at most `max_piece_amplitudes`.
    /// With `stage_through_host`, four host buffers of the same size as well.
    /// @throw qzone::InputError if `bytes` cannot hold one amplitude per buffer.
    ExchangeBuffers(std::size_t bytes, std::uint64_t max_piece_amplitudes, bool stage_through_host);

    std::uint64_t piece_amplitudes() const noexcept { return send_[0].extent(0); }
    /// Bytes of the buffers in the state's memory space (host staging not included).
    std::size_t bytes() const noexcept { return 4 * piece_amplitudes() * sizeof(Kokkos::complex<double>); }
    bool stages_through_host() const noexcept { return staged_send_[0].extent(0) != 0; }
    const view_type& send(int which) const noexcept { return send_[which]; }
    const view_type& receive(int which) const noexcept { return receive_[which]; }
    const host_view_type& staged_send(int which) const noexcept { return staged_send_[which]; }
    const host_view_type& staged_receive(int which) const noexcept { return staged_receive_[which]; }

    /// Bytes sent to other ranks through these buffers' exchanges so far:
    /// the state's own count, for metrics.
    std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }
    void count_sent(std::uint64_t bytes) noexcept { bytes_sent_ += bytes; }

private:
    std::array<view_type, 2> send_;
    std::array<view_type, 2> receive_;
    std::array<host_view_type, 2> staged_send_;    ///< empty unless staging
    std::array<host_view_type, 2> staged_receive_; ///< empty unless staging
    std::uint64_t bytes_sent_ = 0;
};

/// Called for the piece [first, first + n): returns the address of the n
/// amplitudes to send, either packed into `send_buffer` or straight from the
/// chunk.
using OutgoingPiece = std::function<const void*(std::uint64_t first, std::uint64_t n,
                                                const ExchangeBuffers::view_type& send_buffer)>;
/// Called once the partner's piece [first, first + n) is in `received`.
using ArrivedPiece =
    std::function<void(std::uint64_t first, std::uint64_t n, const ExchangeBuffers::view_type& received)>;

/// Exchanges `count` amplitudes with `partner` (who calls this with the same
/// count at the same time), one piece at a time, double-buffered: piece p+1
/// is in flight while `arrived` combines piece p. A piece sent straight from
/// the chunk has left before `arrived` may overwrite it, and a buffer slot
/// takes new data only after the work queued on its previous contents (an
/// asynchronous combine on a device) has finished.
/// @throw qzone::MpiError if MPI fails.
void exchange_in_pieces(MPI_Comm comm, int partner, std::uint64_t count, ExchangeBuffers& buffers,
                        const OutgoingPiece& outgoing, const ArrivedPiece& arrived);

} // namespace qzone::detail
