#pragma once
// Private: the CUDA devices this process sees.

#include <cstdint>
#include <string>
#include <vector>

namespace qzone::detail {

struct GpuDescription {
    int device_index = 0;
    std::string name;
    std::uint64_t total_memory = 0;
    std::uint64_t free_memory = 0;

    template<typename Archive>
    void serialize(Archive& archive) {
        archive(device_index, name, total_memory, free_memory);
    }
};

struct GpuQuery {
    std::vector<GpuDescription> devices;
    std::string why_none; ///< when `devices` is empty: why (no CUDA support, no device, driver error)
};

/// Asks the CUDA runtime for the visible devices. Never throws for a missing
/// device or driver: that is an empty list with a reason.
GpuQuery query_gpus();

/// The CUDA device Kokkos' default execution space runs on (the amplitudes'
/// device); -1 when Kokkos has no CUDA backend. Kokkos must be running.
int kokkos_device() noexcept;

} // namespace qzone::detail
