#pragma once
// Private: the bounded, reusable buffers through which chunk data travels
// between ranks, and the pieced exchange that uses them. Knows bytes and
// ranks, nothing of gates.

#include <cstdint>
#include <functional>

#include <Kokkos_Core.hpp>
#include <mpi.h>

namespace qzone::detail {

/// Two Views of `piece_amplitudes()` amplitudes each: one to send from, one
/// to receive into. Allocated once per state and reused by every exchange.
class ExchangeBuffers {
public:
    using view_type = Kokkos::View<Kokkos::complex<double>*>;

    /// `bytes` in total, split evenly; at most `max_piece_amplitudes` each.
    ExchangeBuffers(std::size_t bytes, std::uint64_t max_piece_amplitudes);

    std::uint64_t piece_amplitudes() const noexcept { return send_.extent(0); }
    std::size_t bytes() const noexcept { return 2 * send_.extent(0) * sizeof(Kokkos::complex<double>); }
    const view_type& send() const noexcept { return send_; }
    const view_type& receive() const noexcept { return receive_; }

private:
    view_type send_;
    view_type receive_;
};

/// Exchanges `count` amplitudes with `partner` (who calls this with the same
/// count at the same time), one buffer-sized piece at a time. For the piece
/// [first, first + n): `outgoing(first, n)` returns the address of the n
/// amplitudes to send (buffers.send() after packing, or straight from the
/// chunk); they arrive in buffers.receive(); then `arrived(first, n)` runs.
/// @throw qzone::MpiError if MPI fails.
void exchange_in_pieces(MPI_Comm comm, int partner, std::uint64_t count, const ExchangeBuffers& buffers,
                        const std::function<const void*(std::uint64_t first, std::uint64_t n)>& outgoing,
                        const std::function<void(std::uint64_t first, std::uint64_t n)>& arrived);

} // namespace qzone::detail
