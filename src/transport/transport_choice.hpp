#pragma once
// Private (transport layer): which transport a state uses, from what the
// user asked (QZONE_TRANSPORT) and what the build and the ranks have. Pure:
// tested without MPI (tests/unit/test_transport_choice.cpp).

#include <cstddef>
#include <string>
#include <vector>

namespace qzone::transport {

/// How chunk data travels between ranks.
enum class TransportKind {
    mpi,        ///< MPI on the state's memory (host memory, or device memory with a CUDA-aware MPI)
    mpi_staged, ///< MPI through host copies of the buffers (device memory, MPI not CUDA-aware, or asked for)
    nccl,       ///< NCCL between the ranks' GPUs, ordered with the kernels on Kokkos' stream
};

/// What QZONE_TRANSPORT may say.
enum class TransportRequest { automatic, mpi, mpi_staged, nccl };

/// The request named by `value` (the variable's text; empty or unset: automatic).
/// @throw qzone::InputError naming QZONE_TRANSPORT and the accepted values otherwise.
TransportRequest parse_transport_request(const std::string& value);

/// What the choice depends on, the same on every rank.
struct TransportSetting {
    bool device_memory = false;       ///< amplitudes live in GPU memory (Kokkos with CUDA)
    bool nccl_built = false;          ///< this build has the NCCL transport
    bool mpi_takes_device_memory = false; ///< this rank's MPI is CUDA-aware (may differ between ranks)
    /// Each rank's node index and the GPU its amplitudes live on (-1: host memory), in rank order.
    std::vector<std::size_t> node_of_rank;
    std::vector<int> gpu_of_rank;
};

/// The transport for `request` on ranks described by `setting`: NCCL when
/// asked or, automatically, when amplitudes live on GPUs, NCCL was built and
/// no two ranks of a node share a GPU; otherwise MPI, staged through host
/// memory when MPI cannot read device memory (or when asked).
/// @throw qzone::InputError when NCCL is asked for but unusable (host
///        memory, a build without it, two ranks on one GPU), naming why.
TransportKind choose_transport(TransportRequest request, const TransportSetting& setting);

/// Whether choose_transport would accept a request for NCCL.
bool nccl_usable(const TransportSetting& setting);

/// The name results and metrics report: "mpi", "mpi (staged through host
/// memory)", "mpi (CUDA-aware)" or "nccl".
std::string transport_name(TransportKind kind, bool device_memory);

} // namespace qzone::transport
