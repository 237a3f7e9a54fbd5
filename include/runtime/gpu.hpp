#pragma once
/// @file gpu.hpp
/// A GPU visible to one rank, as the CUDA runtime described it when the
/// RuntimeView was built.

#include <cstddef>
#include <string>

namespace qzone {

/// One CUDA device visible to a rank. A value type.
class GPU {
public:
    using size_type = std::size_t;

    /// @param device_index  the CUDA device ordinal on its rank.
    GPU(int device_index, std::string name, size_type total_memory, size_type free_memory)
        : device_index_(device_index), name_(std::move(name)), total_memory_(total_memory),
          free_memory_(free_memory) {}

    /// CUDA device ordinal, as the owning rank sees it (after CUDA_VISIBLE_DEVICES).
    int device_index() const noexcept { return device_index_; }
    /// Device name, e.g. "NVIDIA A100-SXM4-40GB".
    const std::string& name() const noexcept { return name_; }
    /// Device memory in bytes.
    size_type total_memory() const noexcept { return total_memory_; }
    /// Free device memory in bytes when the RuntimeView was built.
    size_type free_memory() const noexcept { return free_memory_; }

    bool operator==(const GPU& other) const noexcept {
        return device_index_ == other.device_index_ && name_ == other.name_ &&
               total_memory_ == other.total_memory_ && free_memory_ == other.free_memory_;
    }
    bool operator!=(const GPU& other) const noexcept { return !(*this == other); }

private:
    int device_index_;
    std::string name_;
    size_type total_memory_;
    size_type free_memory_;
};

} // namespace qzone
