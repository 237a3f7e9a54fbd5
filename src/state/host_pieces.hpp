#pragma once
// Private (state layer): a rank's amplitudes as host memory, one bounded
// piece at a time. Where amplitudes live in host memory the whole range is
// one piece and nothing is copied; in device memory each piece is copied
// through one reusable host buffer, so checkpoints, fingerprints and
// transfers to other ranks never hold a second full copy of the state.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <Kokkos_Core.hpp>

namespace qzone::detail {

/// Amplitudes per host piece where a copy is needed: 64 MiB of double amplitudes.
inline constexpr std::uint64_t host_piece_amplitudes = std::uint64_t{1} << 22;

template<class View>
inline constexpr bool host_accessible =
    Kokkos::SpaceAccessibility<Kokkos::HostSpace, typename View::memory_space>::accessible;

/// Calls read(first, data, n) for consecutive pieces [first, first + n) of
/// the contiguous one-dimensional `view`, in order, with `data` the piece's
/// values in host memory (valid during the call only).
template<class View, class Read>
void read_in_host_pieces(const View& view, Read&& read) {
    using T = typename View::non_const_value_type;
    const std::uint64_t count = view.extent(0);
    if constexpr (host_accessible<View>) {
        Kokkos::fence(); // kernels that write the view are finished
        read(std::uint64_t{0}, static_cast<const T*>(view.data()), count);
    } else {
        Kokkos::View<T*, Kokkos::HostSpace> buffer(Kokkos::ViewAllocateWithoutInitializing("qzone::host_piece"),
                                                   std::min(count, host_piece_amplitudes));
        for (std::uint64_t first = 0; first < count; first += buffer.extent(0)) {
            const std::uint64_t n = std::min<std::uint64_t>(buffer.extent(0), count - first);
            const auto piece = Kokkos::subview(buffer, std::make_pair(std::uint64_t{0}, n));
            Kokkos::deep_copy(piece, Kokkos::subview(view, std::make_pair(first, first + n)));
            read(first, static_cast<const T*>(buffer.data()), n);
        }
    }
}

/// Calls write(first, data, n) for consecutive pieces of the contiguous
/// one-dimensional `view`, in order;
/// what it leaves in host memory at `data` becomes the view's values
/// [first, first + n).
template<class View, class Write>
void write_in_host_pieces(const View& view, Write&& write) {
    using T = typename View::non_const_value_type;
    const std::uint64_t count = view.extent(0);
    if constexpr (host_accessible<View>) {
        Kokkos::fence();
        write(std::uint64_t{0}, view.data(), count);
    } else {
        Kokkos::View<T*, Kokkos::HostSpace> buffer(Kokkos::ViewAllocateWithoutInitializing("qzone::host_piece"),
                                                   std::min(count, host_piece_amplitudes));
        for (std::uint64_t first = 0; first < count; first += buffer.extent(0)) {
            const std::uint64_t n = std::min<std::uint64_t>(buffer.extent(0), count - first);
            write(first, buffer.data(), n);
            Kokkos::deep_copy(Kokkos::subview(view, std::make_pair(first, first + n)),
                              Kokkos::subview(buffer, std::make_pair(std::uint64_t{0}, n)));
        }
    }
}

} // namespace qzone::detail
