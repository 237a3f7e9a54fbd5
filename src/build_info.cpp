#include <runtime/build_info.hpp>

#include <Kokkos_Core.hpp>
#include <mpi.h>

#include "detail/mpi_device_memory.hpp"
#include "kernel_path.hpp"
#include "transport/nccl_transport.hpp"

#ifdef QZONE_HAVE_CUDA
#include <cuda_runtime_api.h>
#include <nccl.h>
#endif

namespace qzone {
namespace {

std::string dotted(int major, int minor, int patch) {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string mpi_library_version() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int length = 0;
    if (MPI_Get_library_version(text, &length) != MPI_SUCCESS) return "unknown";
    std::string version(text, static_cast<std::size_t>(length));
    return version.substr(0, version.find_first_of(",\n"));
}

} // namespace

BuildInfo build_info() {
    BuildInfo info;
    info.qzone_version = QZONE_VERSION;
    info.kokkos_version = dotted(KOKKOS_VERSION / 10000, KOKKOS_VERSION / 100 % 100, KOKKOS_VERSION % 100);
    info.kokkos_execution_space = Kokkos::DefaultExecutionSpace::name();
    info.kokkos_host_execution_space = Kokkos::DefaultHostExecutionSpace::name();
    info.mpi_cuda_aware = detail::mpi_accepts_cuda_memory();
    info.mpi_library = mpi_library_version();
    info.kernel_path = kernels::kernel_path_name(kernels::kernel_path());
    info.nccl_transport = transport::nccl_transport_built();
#ifdef QZONE_HAVE_CUDA
    info.cuda_enabled = true;
    int runtime = 0;
    if (cudaRuntimeGetVersion(&runtime) == cudaSuccess)
        info.cuda_runtime_version = std::to_string(runtime / 1000) + "." + std::to_string(runtime % 1000 / 10);
    int nccl = 0;
    if (ncclGetVersion(&nccl) == ncclSuccess) info.nccl_version = dotted(nccl / 10000, nccl / 100 % 100, nccl % 100);
#endif
    return info;
}

} // namespace qzone
