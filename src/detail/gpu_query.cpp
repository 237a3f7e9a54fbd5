#include "gpu_query.hpp"

#include <Kokkos_Core.hpp>

#if defined(QZONE_HAVE_CUDA) || defined(KOKKOS_ENABLE_CUDA)
#define QZONE_QUERY_CUDA 1
#include <cuda_runtime_api.h>
#endif

namespace qzone::detail {

int kokkos_device() noexcept {
#ifdef KOKKOS_ENABLE_CUDA
    return Kokkos::Cuda().cuda_device();
#else
    return -1;
#endif
}

#ifdef QZONE_QUERY_CUDA

GpuQuery query_gpus() {
    GpuQuery query;
    int count = 0;
    if (const cudaError_t status = cudaGetDeviceCount(&count); status != cudaSuccess) {
        query.why_none = std::string("cudaGetDeviceCount: ") + cudaGetErrorString(status);
        cudaGetLastError(); // clear the sticky error so later CUDA calls start clean
        return query;
    }
    if (count == 0) query.why_none = "the CUDA runtime reports no devices";
    int current = 0;
    cudaGetDevice(&current);
    for (int device = 0; device < count; ++device) {
        cudaDeviceProp properties{};
        if (cudaGetDeviceProperties(&properties, device) != cudaSuccess) continue;
        std::size_t free_bytes = 0, total_bytes = properties.totalGlobalMem;
        if (cudaSetDevice(device) == cudaSuccess) cudaMemGetInfo(&free_bytes, &total_bytes);
        query.devices.push_back({device, properties.name, total_bytes, free_bytes});
    }
    cudaSetDevice(current);
    return query;
}

#else

GpuQuery query_gpus() {
    return GpuQuery{{}, "qzone was built without CUDA support (configure with -DQZONE_ENABLE_CUDA=ON)"};
}

#endif

} // namespace qzone::detail
