#include "transport_choice.hpp"

#include <runtime/errors.hpp>

namespace qzone::transport {

TransportRequest parse_transport_request(const std::string& value) {
    if (value.empty() || value == "auto") return TransportRequest::automatic;
    if (value == "mpi") return TransportRequest::mpi;
    if (value == "mpi-staged") return TransportRequest::mpi_staged;
    if (value == "nccl") return TransportRequest::nccl;
    throw InputError("QZONE_TRANSPORT: '" + value + "' is not a transport (auto, mpi, mpi-staged or nccl)");
}

namespace {

/// Why NCCL cannot serve these ranks; empty if it can.
std::string why_not_nccl(const TransportSetting& setting) {
    if (!setting.device_memory) return "the amplitudes live in host memory (Kokkos without the CUDA backend)";
    if (!setting.nccl_built) return "this build has no NCCL transport (configure with -DQZONE_ENABLE_CUDA=ON)";
    for (std::size_t a = 0; a < setting.gpu_of_rank.size(); ++a)
        for (std::size_t b = a + 1; b < setting.gpu_of_rank.size(); ++b)
            if (setting.node_of_rank[a] == setting.node_of_rank[b] && setting.gpu_of_rank[a] == setting.gpu_of_rank[b])
                return "ranks " + std::to_string(a) + " and " + std::to_string(b) + " share GPU " +
                       std::to_string(setting.gpu_of_rank[a]) + " of one node, and NCCL needs a GPU per rank";
    return {};
}

} // namespace

bool nccl_usable(const TransportSetting& setting) { return why_not_nccl(setting).empty(); }

TransportKind choose_transport(TransportRequest request, const TransportSetting& setting) {
    const bool mpi_direct = !setting.device_memory || setting.mpi_takes_device_memory;
    switch (request) {
    case TransportRequest::nccl:
        if (const std::string why = why_not_nccl(setting); !why.empty())
            throw InputError("QZONE_TRANSPORT=nccl: " + why + "; use auto, mpi or mpi-staged");
        return TransportKind::nccl;
    case TransportRequest::mpi_staged:
        return setting.device_memory ? TransportKind::mpi_staged : TransportKind::mpi;
    case TransportRequest::mpi:
        return mpi_direct ? TransportKind::mpi : TransportKind::mpi_staged;
    case TransportRequest::automatic:
        break;
    }
    if (setting.gpu_of_rank.size() > 1 && nccl_usable(setting)) return TransportKind::nccl;
    return mpi_direct ? TransportKind::mpi : TransportKind::mpi_staged;
}

std::string transport_name(TransportKind kind, bool device_memory) {
    switch (kind) {
    case TransportKind::nccl: return "nccl";
    case TransportKind::mpi_staged: return "mpi (staged through host memory)";
    case TransportKind::mpi: break;
    }
    return device_memory ? "mpi (CUDA-aware)" : "mpi";
}

} // namespace qzone::transport
