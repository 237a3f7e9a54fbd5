#pragma once
// Private (transport layer): the bounded, reusable buffers through which
// chunk data travels between ranks. Knows bytes, nothing of gates or MPI.

#include <array>
#include <cstdint>
#include <string>

#include <Kokkos_Core.hpp>

#include <runtime/errors.hpp>

namespace qzone::transport {

/// Two send and two receive buffers of piece_amplitudes() amplitudes each,
/// so that one piece can travel while the previous one is combined.
/// Allocated once per state, for its amplitude type, and reused by every
/// exchange. When MPI cannot read the memory space the state lives in
/// (device memory and an MPI that is not CUDA-aware), a host copy of each
/// buffer is where MPI sends from and receives into.
class ExchangeBuffers {
public:
    using bytes_type = Kokkos::View<unsigned char*>;
    using host_bytes_type = bytes_type::HostMirror;
    template<class Real>
    using view_type = Kokkos::View<Kokkos::complex<Real>*>;

    /// `bytes` in total, split into four; each at most `max_piece_amplitudes`
    /// amplitudes of `amplitude_bytes` bytes. With `stage_through_host`, four
    /// host buffers of the same size as well.
    /// @throw qzone::InputError if `bytes` cannot hold one amplitude per buffer.
    ExchangeBuffers(std::size_t bytes, std::uint64_t max_piece_amplitudes, std::size_t amplitude_bytes,
                    bool stage_through_host);

    std::uint64_t piece_amplitudes() const noexcept { return piece_amplitudes_; }
    std::size_t amplitude_bytes() const noexcept { return amplitude_bytes_; }
    /// Bytes of the buffers in the state's memory space (host staging not included).
    std::size_t bytes() const noexcept { return 4 * piece_amplitudes_ * amplitude_bytes_; }
    bool stages_through_host() const noexcept { return staged_send_[0].extent(0) != 0; }
    /// The buffers as amplitudes with parts of type Real, which must be the
    /// type they were made for. @throw qzone::InternalError otherwise.
    template<class Real>
    view_type<Real> send(int which) const {
        return typed<Real>(send_[which]);
    }
    template<class Real>
    view_type<Real> receive(int which) const {
        return typed<Real>(receive_[which]);
    }
    const host_bytes_type& staged_send(int which) const noexcept { return staged_send_[which]; }
    const host_bytes_type& staged_receive(int which) const noexcept { return staged_receive_[which]; }

    /// Bytes sent to other ranks through these buffers' exchanges so far:
    /// the state's own count, for metrics.
    std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }
    void count_sent(std::uint64_t bytes) noexcept { bytes_sent_ += bytes; }

private:
    template<class Real>
    view_type<Real> typed(const bytes_type& buffer) const {
        if (sizeof(Kokkos::complex<Real>) != amplitude_bytes_)
            throw InternalError("exchange buffers of " + std::to_string(amplitude_bytes_) +
                                "-byte amplitudes used for " + std::to_string(sizeof(Kokkos::complex<Real>)) +
                                "-byte ones");
        return view_type<Real>(reinterpret_cast<Kokkos::complex<Real>*>(buffer.data()), piece_amplitudes_);
    }

    std::uint64_t piece_amplitudes_ = 0;
    std::size_t amplitude_bytes_ = 0;
    std::array<bytes_type, 2> send_;
    std::array<bytes_type, 2> receive_;
    std::array<host_bytes_type, 2> staged_send_;    ///< empty unless staging
    std::array<host_bytes_type, 2> staged_receive_; ///< empty unless staging
    std::uint64_t bytes_sent_ = 0;
};

} // namespace qzone::transport
