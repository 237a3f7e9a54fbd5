#pragma once
// Private (transport layer): the NCCL transport, for make_transport().

#include <cstddef>
#include <cstdint>
#include <memory>

#include "transport.hpp"

namespace qzone::transport {

/// Whether this build has the NCCL transport: configured with
/// QZONE_ENABLE_CUDA against a Kokkos with the CUDA backend.
bool nccl_transport_built() noexcept;

/// Chunk data between the ranks' GPUs through NCCL: one communicator per
/// state (its unique id broadcast over `runtime`'s communicator), grouped
/// send and receive of each piece on the stream Kokkos' kernels run on, so
/// packing, transfer and combining stay in order without host waits.
/// Collective over `runtime`'s ranks, which must each have a GPU of their own.
/// @throw qzone::ResourceError if NCCL cannot start; as make_transport()
///        for the buffers; qzone::InternalError in a build without NCCL.
std::unique_ptr<Transport> make_nccl_transport(const RuntimeView& runtime, std::size_t buffer_bytes,
                                               std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes);

} // namespace qzone::transport
