// The one place a transport is chosen for a state.

#include "transport.hpp"

#include <cstdlib>

#include <runtime/errors.hpp>
#include <runtime/reduce_ops.hpp>

#include "../detail/mpi_device_memory.hpp"
#include "mpi_transport.hpp"
#include "nccl_transport.hpp"

namespace qzone::transport {
namespace {

constexpr bool device_memory =
    !Kokkos::SpaceAccessibility<Kokkos::HostSpace, PieceView<double>::memory_space>::accessible;

/// QZONE_TRANSPORT on this rank, or the reason it is unusable.
TransportRequest requested(std::string& error) {
    const char* value = std::getenv("QZONE_TRANSPORT");
    try {
        return parse_transport_request(value != nullptr ? value : "");
    } catch (const InputError& e) {
        error = e.what();
        return TransportRequest::automatic;
    }
}

} // namespace

TransportKind transport_for(const RuntimeView& runtime) {
    std::string error;
    const TransportRequest request = requested(error);
    runtime.agree(error.empty(), error);
    const int code = static_cast<int>(request);
    if (runtime.reduce(code, min_op{}) != runtime.reduce(code, max_op{}))
        throw InputError("QZONE_TRANSPORT differs between ranks; give every rank the same value");
    return choose_transport(request, transport_setting(runtime)); // the same on every rank: so is an error
}

TransportSetting transport_setting(const RuntimeView& runtime) {
    TransportSetting setting;
    setting.device_memory = device_memory;
    setting.nccl_built = nccl_transport_built();
    setting.mpi_takes_device_memory = detail::mpi_accepts_cuda_memory();
    for (std::size_t r = 0; r < runtime.size(); ++r) {
        setting.node_of_rank.push_back(runtime.at(r).node_index());
        const auto gpu = runtime.at(r).state_gpu();
        setting.gpu_of_rank.push_back(gpu ? gpu->device_index() : -1);
    }
    return setting;
}

std::unique_ptr<Transport> make_transport(TransportKind kind, const RuntimeView& runtime, std::size_t buffer_bytes,
                                          std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes) {
    if (kind == TransportKind::nccl) return make_nccl_transport(runtime, buffer_bytes, chunk_amplitudes, amplitude_bytes);
    return make_mpi_transport(runtime, buffer_bytes, chunk_amplitudes, amplitude_bytes,
                              kind == TransportKind::mpi_staged, transport_name(kind, device_memory));
}

} // namespace qzone::transport
