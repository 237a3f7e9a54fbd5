#pragma once
// Types shared by the kernels: amplitudes, a chunk, and bit patterns that
// enumerate the amplitude indices a gate touches. Kernels are templates over
// Real, the type of an amplitude's parts (float or double); coefficients
// (matrices, phases) come in double and are rounded to Real once, on the host.

#include <cstddef>
#include <cstdint>

#include <Kokkos_Core.hpp>

namespace qzone::kernels {

/// A coefficient as the caller computes it.
using Amplitude = Kokkos::complex<double>;
using Index = std::uint64_t;
/// One chunk (or any run of amplitudes) in the default memory space.
template<class Real>
using Chunk = Kokkos::View<Kokkos::complex<Real>*>;

/// The largest number of bits a BitPattern fixes (one per qubit of a 64-bit index).
inline constexpr unsigned max_pattern_bits = 64;

/// Index i with a zero inserted at bit position `bit`: the bits of i at and
/// above `bit` move up by one.
KOKKOS_INLINE_FUNCTION Index insert_zero_bit(Index i, unsigned bit) {
    const Index low = i & ((Index{1} << bit) - 1);
    return ((i >> bit) << (bit + 1)) | low;
}

/// Host kernels walk their units (pairs, groups) as several distant streams
/// side by side: one read-modify-write stream with much arithmetic per byte
/// keeps too few memory requests in flight (apply_one_qubit_host_streams).
/// Step k of stream s, streams `length` units long (a power of two): each
/// starts `stream_stagger` units further into its part than the one before,
/// so that streams are not a multiple of 4 KiB apart (loads would falsely
/// wait on other streams' stores).
inline constexpr Index stream_stagger = 37;
KOKKOS_INLINE_FUNCTION Index stream_unit(Index k, Index s, Index length) {
    return s * length + ((k + s * stream_stagger) & (length - 1));
}
/// Streams a host kernel walks `units` units in (a power of two): eight
/// where each stream gets at least 1024, else one.
inline constexpr unsigned host_streams = 8;
inline unsigned streams_for(Index units) { return units >= Index{host_streams} * 1024 ? host_streams : 1; }

/// 1 if an odd number of bits of x are set, 0 otherwise.
KOKKOS_INLINE_FUNCTION int parity(Index x) {
    x ^= x >> 32;
    x ^= x >> 16;
    x ^= x >> 8;
    x ^= x >> 4;
    x ^= x >> 2;
    x ^= x >> 1;
    return static_cast<int>(x & 1);
}

/// A set of fixed bit positions with their values. expand(k) is the k-th
/// index (in increasing order) whose fixed bits hold `value`; there are
/// 2^(width - count) of them in a range of 2^width indices.
struct BitPattern {
    Kokkos::Array<unsigned, max_pattern_bits> positions{}; ///< ascending
    unsigned count = 0;
    Index value = 0;

    KOKKOS_INLINE_FUNCTION Index expand(Index k) const {
        for (unsigned j = 0; j < count; ++j) k = insert_zero_bit(k, positions[j]);
        return k | value;
    }
};

/// Builds a BitPattern from (position, bit value) pairs given in any order.
/// Positions must be distinct and fewer than 64. Host only.
inline BitPattern make_bit_pattern(const unsigned* positions, const int* values, unsigned count) {
    BitPattern pattern;
    pattern.count = count;
    for (unsigned j = 0; j < count; ++j) {
        // Insertion sort: patterns hold a handful of bits.
        unsigned at = j;
        while (at > 0 && pattern.positions[at - 1] > positions[j]) {
            pattern.positions[at] = pattern.positions[at - 1];
            --at;
        }
        pattern.positions[at] = positions[j];
        if (values[j]) pattern.value |= Index{1} << positions[j];
    }
    return pattern;
}

/// Row-major 2x2 matrix.
using Matrix2 = Kokkos::Array<Amplitude, 4>;
/// Row-major 4x4 matrix; index bit 0 is the first target, bit 1 the second.
using Matrix4 = Kokkos::Array<Amplitude, 16>;

/// `value` with its parts rounded to Real.
template<class Real>
KOKKOS_INLINE_FUNCTION Kokkos::complex<Real> to_real(const Amplitude& value) {
    return Kokkos::complex<Real>(static_cast<Real>(value.real()), static_cast<Real>(value.imag()));
}

/// `m` with every entry rounded to Real.
template<class Real, std::size_t N>
Kokkos::Array<Kokkos::complex<Real>, N> to_real(const Kokkos::Array<Amplitude, N>& m) {
    Kokkos::Array<Kokkos::complex<Real>, N> rounded;
    for (std::size_t i = 0; i < N; ++i) rounded[i] = to_real<Real>(m[i]);
    return rounded;
}

/// |a|^2 in double: exact for float parts (24-bit products fit 53 bits).
template<class Real>
KOKKOS_INLINE_FUNCTION double squared_magnitude(const Kokkos::complex<Real>& a) {
    const double re = a.real(), im = a.imag();
    return re * re + im * im;
}

} // namespace qzone::kernels
