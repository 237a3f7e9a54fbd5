#pragma once
/// @file resource_set.hpp
/// What one rank of a RuntimeView has: its place in the machine, its host
/// memory and its GPUs.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <runtime/gpu.hpp>
#include <runtime/ram.hpp>

namespace qzone {
namespace detail {
struct ResourceSetImpl;
}

/// The resources of one rank. A value type (copies are deep). Every rank
/// knows every other rank's ResourceSet: the descriptions are exchanged once
/// when the RuntimeView is built.
class ResourceSet {
public:
    using size_type = std::size_t;

    /// Built by RuntimeView; users obtain it through RuntimeView::at().
    explicit ResourceSet(std::unique_ptr<detail::ResourceSetImpl> impl) noexcept;
    ResourceSet(const ResourceSet& other);
    ResourceSet(ResourceSet&& other) noexcept;
    ResourceSet& operator=(const ResourceSet& other);
    ResourceSet& operator=(ResourceSet&& other) noexcept;
    ~ResourceSet() noexcept;

    /// Rank in the view's communicator.
    size_type mpi_rank() const noexcept;
    /// Host name of the node the rank runs on.
    const std::string& hostname() const noexcept;
    /// Index of the rank's node, 0 .. RuntimeView::node_count()-1, numbered
    /// in the order of each node's lowest rank.
    size_type node_index() const noexcept;
    /// Rank among the ranks that share its node (0 for the lowest).
    size_type node_local_rank() const noexcept;
    /// Host threads the rank's kernels run on: the concurrency of Kokkos'
    /// default host execution space (1 with the Serial backend; with OpenMP,
    /// KOKKOS_NUM_THREADS, --kokkos-num-threads or OMP_NUM_THREADS).
    size_type host_threads() const noexcept;
    /// Whether this is the calling process's resource set.
    bool is_mine() const noexcept;
    /// The rank's host memory, and the rooted collectives rooted at it.
    const RAM& ram() const noexcept;
    /// CUDA devices the rank sees; empty without CUDA support or devices.
    const std::vector<GPU>& gpus() const noexcept;
    /// The GPU that holds the rank's amplitudes and runs its kernels: with a
    /// Kokkos built for CUDA, gpus()[local % gpus().size()] for the node-local
    /// rank the launcher reports (the ranks of a node take its GPUs in turn;
    /// docs/gpu.md) unless KOKKOS_DEVICE_ID, KOKKOS_MAP_DEVICE_ID_BY or
    /// --kokkos-device-id chose another.
    /// std::nullopt when amplitudes live in host memory (Serial or OpenMP Kokkos).
    std::optional<GPU> state_gpu() const;

    bool operator==(const ResourceSet& other) const noexcept;
    bool operator!=(const ResourceSet& other) const noexcept { return !(*this == other); }

private:
    std::unique_ptr<detail::ResourceSetImpl> impl_;
};

} // namespace qzone
