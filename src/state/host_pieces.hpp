#pragma once
// Private (state layer): a rank's amplitudes as host memory, one bounded
// piece at a time, in order. Where amplitudes live in host memory a piece is
// the view's own memory (nothing is copied); in device memory each piece is
// copied through one reusable host buffer, so checkpoints, fingerprints and
// transfers to and from rank 0 never hold a second full copy of the state.
// Both walk the same pieces, so the host build exercises the callers' piece
// boundaries (states above host_piece_amplitudes amplitudes per rank).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <Kokkos_Core.hpp>

namespace qzone::detail {

/// Amplitudes per piece: 64 MiB of double amplitudes.
inline constexpr std::uint64_t host_piece_amplitudes = std::uint64_t{1} << 22;

template<class View>
inline constexpr bool host_accessible =
    Kokkos::SpaceAccessibility<Kokkos::HostSpace, typename View::memory_space>::accessible;

/// Calls visit(first, data, n) for the consecutive pieces [first, first + n)
/// of the contiguous one-dimensional `view`, with `data` host memory that
/// holds the piece: before the call when `copy_in`, after it (back into the
/// view) when `copy_out`.
template<bool copy_in, bool copy_out, class View, class Visit>
void walk_host_pieces(const View& view, Visit&& visit) {
    using T = typename View::non_const_value_type;
    const std::uint64_t count = view.extent(0);
    Kokkos::View<T*, Kokkos::HostSpace> buffer;
    if constexpr (host_accessible<View>) Kokkos::fence(); // kernels on the view are finished
    else buffer = decltype(buffer)(Kokkos::ViewAllocateWithoutInitializing("qzone::host_piece"),
                                   std::min(count, host_piece_amplitudes));
    for (std::uint64_t first = 0; first < count; first += host_piece_amplitudes) {
        const std::uint64_t n = std::min(host_piece_amplitudes, count - first);
        const auto range = std::make_pair(first, first + n);
        if constexpr (host_accessible<View>) {
            visit(first, const_cast<T*>(view.data()) + first, n);
        } else {
            const auto piece = Kokkos::subview(buffer, std::make_pair(std::uint64_t{0}, n));
            if constexpr (copy_in) Kokkos::deep_copy(piece, Kokkos::subview(view, range));
            visit(first, buffer.data(), n);
            if constexpr (copy_out) Kokkos::deep_copy(Kokkos::subview(view, range), piece);
        }
    }
}

/// Calls read(first, data, n) for each piece, `data` holding the view's
/// values [first, first + n) (valid during the call only).
template<class View, class Read>
void read_in_host_pieces(const View& view, Read&& read) {
    using T = typename View::non_const_value_type;
    walk_host_pieces<true, false>(view, [&](std::uint64_t first, T* data, std::uint64_t n) {
        read(first, static_cast<const T*>(data), n);
    });
}

/// Calls write(first, data, n) for each piece; what it leaves at `data`
/// becomes the view's values [first, first + n).
template<class View, class Write>
void write_in_host_pieces(const View& view, Write&& write) {
    walk_host_pieces<false, true>(view, std::forward<Write>(write));
}

} // namespace qzone::detail
