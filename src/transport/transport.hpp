#pragma once
// Private (transport layer): how chunk data travels between ranks. The
// execution layer moves amplitudes through this interface only and never
// sees MPI; each implementation has a file of its own (mpi_transport.cpp:
// MPI on host memory, on device memory with a CUDA-aware MPI, or staged
// through host memory; nccl_transport.cpp: NCCL between GPUs), and
// make_transport.cpp is where one is chosen (transport_choice.hpp).
// Partners within a rank or in node-shared memory meet without messages:
// pair_routes.hpp decides which of the three ways reaches a partner.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <Kokkos_Core.hpp>

#include <runtime/runtime_view.hpp>

#include "transport_choice.hpp"

namespace qzone::transport {

/// Amplitudes with parts of type Real in the state's memory space: a piece
/// of a buffer.
template<class Real>
using PieceView = Kokkos::View<Kokkos::complex<Real>*>;

/// Called for the piece [first, first + n): returns the address of the n
/// amplitudes to send, either packed into `send_buffer` or straight from the
/// chunk.
template<class Real>
using OutgoingPiece =
    std::function<const void*(std::uint64_t first, std::uint64_t n, const PieceView<Real>& send_buffer)>;
/// Called once the partner's piece [first, first + n) is in `received`.
template<class Real>
using ArrivedPiece = std::function<void(std::uint64_t first, std::uint64_t n, const PieceView<Real>& received)>;

/// One per state: moves amplitudes between this rank and others through
/// bounded, reusable buffers (never a second copy of the state).
class Transport {
public:
    virtual ~Transport() = default;

    /// Exchanges `count` amplitudes with rank `partner` (who calls this with
    /// the same count at the same time), one piece at a time, double-
    /// buffered: piece p+1 is in flight while `arrived` combines piece p. A
    /// piece sent straight from the chunk has left before `arrived` may
    /// overwrite it, and a buffer slot takes new data only after the work
    /// queued on its previous contents has finished.
    /// @throw qzone::MpiError (or the implementation's error) if a transfer fails.
    virtual void exchange(int partner, std::uint64_t count, const OutgoingPiece<float>& outgoing,
                          const ArrivedPiece<float>& arrived) = 0;
    virtual void exchange(int partner, std::uint64_t count, const OutgoingPiece<double>& outgoing,
                          const ArrivedPiece<double>& arrived) = 0;

    /// Rank 0 receives every rank's `bytes` bytes at `data`, in rank order,
    /// into the memory `allocate(total)` returns (called on rank 0 only).
    /// Collective. @throw qzone::MpiError if a transfer fails.
    virtual void gather_to_root(const void* data, std::uint64_t bytes,
                                const std::function<void*(std::uint64_t total)>& allocate) = 0;

    /// Bytes sent to other ranks so far: the state's own count, for metrics.
    virtual std::uint64_t bytes_sent() const noexcept = 0;
    /// Bytes of the buffers in the state's memory space.
    virtual std::size_t buffer_bytes() const noexcept = 0;
    /// What moves the data, e.g. "mpi" or "mpi (staged through host memory)".
    virtual std::string name() const = 0;
};

/// The transport a state of `runtime`'s ranks uses: QZONE_TRANSPORT (auto,
/// mpi, mpi-staged, nccl; docs/gpu.md) against what the build and the ranks
/// have (choose_transport). Collective; the same on every rank.
/// @throw qzone::AgreementError (every rank) if some rank's QZONE_TRANSPORT is
///        not a transport; qzone::InputError (every rank) if the ranks' values
///        differ or NCCL was asked for and cannot serve them.
TransportKind transport_for(const RuntimeView& runtime);

/// What the choice of transport depends on, from `runtime`'s resource sets
/// and this build. Not collective.
TransportSetting transport_setting(const RuntimeView& runtime);

/// The transport `kind` for a state whose chunks hold `chunk_amplitudes`
/// amplitudes of `amplitude_bytes` bytes, with `buffer_bytes` of buffers.
/// Collective for NCCL (one communicator per state).
/// @throw qzone::InputError if `buffer_bytes` cannot hold one amplitude per
///        buffer; std::bad_alloc if the buffers cannot be allocated;
///        qzone::ResourceError if NCCL cannot start.
std::unique_ptr<Transport> make_transport(TransportKind kind, const RuntimeView& runtime, std::size_t buffer_bytes,
                                          std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes);

} // namespace qzone::transport
