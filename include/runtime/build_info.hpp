#pragma once
/// @file build_info.hpp
/// What this copy of qzone was built with.

#include <string>

namespace qzone {

/// Versions of qzone and of the libraries it was built against.
struct BuildInfo {
    std::string qzone_version;      ///< e.g. "0.1.0"
    std::string kokkos_version;     ///< e.g. "3.4.1"
    std::string kokkos_execution_space; ///< Kokkos::DefaultExecutionSpace, e.g. "Serial"
    std::string kokkos_host_execution_space; ///< Kokkos::DefaultHostExecutionSpace, e.g. "OpenMP"
    bool mpi_cuda_aware = false;    ///< the MPI library says, at run time, that it takes CUDA device memory
    std::string mpi_library;        ///< first line of MPI_Get_library_version
    bool cuda_enabled = false;      ///< built with QZONE_ENABLE_CUDA
    std::string cuda_runtime_version; ///< e.g. "13.0"; empty without CUDA
    std::string nccl_version;       ///< e.g. "2.27.7"; empty without CUDA
    /// Amplitudes live on GPUs (Kokkos with the CUDA backend) and can move
    /// between them through NCCL (docs/gpu.md).
    bool nccl_transport = false;
    /// The compiled form of the dense-block kernels this process runs:
    /// "baseline", "avx2" (x86-64-v3, fused multiply-add) or "avx512"
    /// (x86-64-v4); the fastest the processor runs unless QZONE_KERNEL_PATH
    /// names another (docs/engine.md).
    std::string kernel_path;
};

/// Describes this build. Callable before MPI and Kokkos are initialized.
BuildInfo build_info();

} // namespace qzone
