#pragma once
/// @file ram.hpp
/// The host memory of one rank, and the rooted collectives that use that rank
/// as root.

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include <mpi.h>

#include <runtime/detail/collectives.hpp>

namespace qzone {
namespace detail {
struct RAMImpl;
}

/// Host memory of one rank of a RuntimeView. A value type (copies are deep).
///
/// The rooted collectives live here rather than on RuntimeView because their
/// root must be named explicitly: `rt.at(0).ram().gather(x)` is called by
/// every rank and gathers to rank 0. A RAM is only usable while a RuntimeView
/// it came from is alive (it uses the view's communicator).
class RAM {
public:
    using size_type = std::size_t;

    /// Built by RuntimeView; users obtain RAM through ResourceSet::ram().
    explicit RAM(std::unique_ptr<detail::RAMImpl> impl) noexcept;
    RAM(const RAM& other);
    RAM(RAM&& other) noexcept;
    RAM& operator=(const RAM& other);
    RAM& operator=(RAM&& other) noexcept;
    ~RAM() noexcept;

    /// Physical memory of the rank's node in bytes (MemTotal of /proc/meminfo).
    size_type total_space() const noexcept;

    /// Memory available for new allocations in bytes (MemAvailable of
    /// /proc/meminfo). For this process's own RAM it is read now; for another
    /// rank it is the value that rank reported when the view was built.
    /// @throw qzone::Error if /proc/meminfo cannot be read now.
    size_type available_space() const;

    /// The rank (in the view's communicator) this memory belongs to.
    size_type rank() const noexcept;

    /// Whether this is the calling process's memory.
    bool is_mine() const noexcept;

    /// Gathers every rank's `value` to this RAM's rank. Collective: every rank
    /// of the view calls it on the same RAM.
    /// @return the values in rank order on this RAM's rank; std::nullopt on the others.
    /// @throw qzone::MpiError if MPI fails; qzone::Error if a value cannot be decoded.
    template<typename T>
    std::optional<std::vector<T>> gather(const T& value) const {
        return detail::gather_to(mpi_comm(), root(), value);
    }

    /// Sends this RAM's rank's `value` to every rank; other ranks' arguments
    /// are ignored. Collective.
    /// @throw qzone::MpiError if MPI fails; qzone::Error if a value cannot be decoded.
    template<typename T>
    T broadcast(const T& value) const {
        return detail::broadcast_from(mpi_comm(), root(), value);
    }

    /// Whether both describe the same rank's memory with the same sizes.
    bool operator==(const RAM& other) const noexcept;
    bool operator!=(const RAM& other) const noexcept { return !(*this == other); }

private:
    MPI_Comm mpi_comm() const noexcept;
    int root() const noexcept { return static_cast<int>(rank()); }

    std::unique_ptr<detail::RAMImpl> impl_;
};

} // namespace qzone
