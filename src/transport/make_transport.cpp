// The one place a transport is chosen for a state.

#include "transport.hpp"

#include "../detail/mpi_device_memory.hpp"
#include "mpi_transport.hpp"

namespace qzone::transport {

std::unique_ptr<Transport> make_transport(const RuntimeView& runtime, std::size_t buffer_bytes,
                                          std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes) {
    constexpr bool host_memory =
        Kokkos::SpaceAccessibility<Kokkos::HostSpace, PieceView<double>::memory_space>::accessible;
    // MPI that is not CUDA-aware gets device data through host copies.
    const bool stage_through_host = !host_memory && !detail::mpi_accepts_cuda_memory();
    return make_mpi_transport(runtime, buffer_bytes, chunk_amplitudes, amplitude_bytes, stage_through_host);
}

} // namespace qzone::transport
