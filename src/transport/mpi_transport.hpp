#pragma once
// Private (transport layer): the MPI transport, for make_transport().

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "transport.hpp"

namespace qzone::transport {

/// Chunk data through MPI on `runtime`'s communicator: sent from and received
/// into the state's memory, or with `stage_through_host` through host copies
/// of the buffers (device memory and an MPI that cannot read it). `name` is
/// what Transport::name() reports.
/// @throw as make_transport().
std::unique_ptr<Transport> make_mpi_transport(const RuntimeView& runtime, std::size_t buffer_bytes,
                                              std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes,
                                              bool stage_through_host, std::string name);

} // namespace qzone::transport
