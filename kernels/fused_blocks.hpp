#pragma once
// Host kernels for fused blocks: a dense 2^k x 2^k matrix on k in-chunk
// qubits, and a diagonal on any qubits. A dense block costs 2^k complex
// multiply-adds per amplitude, so from k = 3 it is bound by arithmetic, not
// memory: the arithmetic is written as plain loops over split real and
// imaginary parts, four groups (doubles) or eight (floats) side by side in
// vector registers, and on x86-64 it is compiled twice, for the baseline and
// for x86-64-v3 (AVX2), the loader picking the one the processor runs (the
// package stays baseline x86-64). Results are bit-identical for any
// placement of the qubits on one machine.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernel_types.hpp"

// No fused multiply-add contraction: the one-group and lane paths
// (chosen by where the block's qubits lie, which depends on the layout) then
// round identically, keeping results bit-identical across rank counts.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#define QZONE_KERNEL_CLONES                                                                                            \
    __attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#elif defined(__GNUC__) && !defined(__clang__)
#define QZONE_KERNEL_CLONES __attribute__((optimize("fp-contract=off")))
#else
#define QZONE_KERNEL_CLONES
#endif

namespace qzone::kernels {

namespace host_blocks {

/// 32 bytes of Real: one SIMD register of the x86-64-v3 clone, two of the
/// baseline (GCC and Clang vector extensions); four doubles or eight floats.
template<class Real>
struct Lanes;
template<>
struct Lanes<double> {
    typedef double type __attribute__((vector_size(32)));
    static constexpr unsigned bits = 2;
};
template<>
struct Lanes<float> {
    typedef float type __attribute__((vector_size(32)));
    static constexpr unsigned bits = 3;
};

#if defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#define QZONE_CONTIGUOUS_LANES 1
/// Shuffle masks between (re, im) pairs in memory and split vectors.
template<class Real>
struct LaneShuffles;
template<>
struct LaneShuffles<double> {
    typedef long long mask __attribute__((vector_size(32)));
    static constexpr mask even = {0, 2, 4, 6}, odd = {1, 3, 5, 7}, low = {0, 4, 1, 5}, high = {2, 6, 3, 7};
};
template<>
struct LaneShuffles<float> {
    typedef int mask __attribute__((vector_size(32)));
    static constexpr mask even = {0, 2, 4, 6, 8, 10, 12, 14}, odd = {1, 3, 5, 7, 9, 11, 13, 15},
                          low = {0, 8, 1, 9, 2, 10, 3, 11}, high = {4, 12, 5, 13, 6, 14, 7, 15};
};

/// The parts of the 2^bits consecutive amplitudes from `a` on (re, im
/// interleaved): real parts in `re`, imaginary in `im`.
template<class Real>
inline void split_lanes(const Real* a, typename Lanes<Real>::type& re, typename Lanes<Real>::type& im) {
    typename Lanes<Real>::type first, second;
    std::memcpy(&first, a, sizeof(first));
    std::memcpy(&second, a + sizeof(first) / sizeof(Real), sizeof(second));
    re = __builtin_shuffle(first, second, LaneShuffles<Real>::even);
    im = __builtin_shuffle(first, second, LaneShuffles<Real>::odd);
}
/// The inverse of split_lanes.
template<class Real>
inline void merge_lanes(Real* a, const typename Lanes<Real>::type& re, const typename Lanes<Real>::type& im) {
    const typename Lanes<Real>::type first = __builtin_shuffle(re, im, LaneShuffles<Real>::low),
                                     second = __builtin_shuffle(re, im, LaneShuffles<Real>::high);
    std::memcpy(a, &first, sizeof(first));
    std::memcpy(a + sizeof(first) / sizeof(Real), &second, sizeof(second));
}
#endif

/// Groups [first, first + count) of a dense block: group g is the index g
/// with zeros inserted at `positions` (ascending), its members at
/// + offsets[c]; `real` and `imag` hold the matrix row-major. One group at
/// a time.
template<class Real, unsigned K>
QZONE_KERNEL_CLONES void dense_groups(Real* __restrict__ data, Index first, Index count, const unsigned* positions,
                                     const Index* offsets, const Real* __restrict__ real,
                                     const Real* __restrict__ imag) {
#if defined(__clang__)
#pragma clang fp contract(off)
#endif
    constexpr unsigned dim = 1u << K;
    Real in_re[dim], in_im[dim];
    for (Index g = first; g < first + count; ++g) {
        Index base = g;
        for (unsigned j = 0; j < K; ++j) base = insert_zero_bit(base, positions[j]);
        for (unsigned c = 0; c < dim; ++c) {
            in_re[c] = data[2 * (base + offsets[c])];
            in_im[c] = data[2 * (base + offsets[c]) + 1];
        }
        for (unsigned r = 0; r < dim; ++r) {
            Real out_re = 0, out_im = 0;
            for (unsigned c = 0; c < dim; ++c) {
                out_re += real[r * dim + c] * in_re[c] - imag[r * dim + c] * in_im[c];
                out_im += real[r * dim + c] * in_im[c] + imag[r * dim + c] * in_re[c];
            }
            data[2 * (base + offsets[r])] = out_re;
            data[2 * (base + offsets[r]) + 1] = out_im;
        }
    }
}

// GCC 12 warns that the vector lanes built from `data` "may be used
// uninitialized" in some clones: they are all written before use.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
/// As dense_groups, 2^Lanes<Real>::bits groups side by side in the lanes of
/// vector registers: unit u is the index u with zeros inserted at
/// `positions` (ascending: the block's K positions and the lowest
/// Lanes<Real>::bits others), its lanes at + lanes[l]. Each lane does exactly
/// the arithmetic of dense_groups, in the same order.
template<class Real, unsigned K>
QZONE_KERNEL_CLONES void dense_groups_in_lanes(Real* __restrict__ data, Index first, Index count,
                                               const unsigned* positions, const Index* offsets, const Index* lanes,
                                               const Real* __restrict__ real, const Real* __restrict__ imag) {
#if defined(__clang__)
#pragma clang fp contract(off)
#endif
    using Vector = typename Lanes<Real>::type;
    constexpr unsigned dim = 1u << K, width = 1u << Lanes<Real>::bits;
#if defined(QZONE_CONTIGUOUS_LANES)
    // Lanes on the lowest positions: consecutive amplitudes, whole-vector loads.
    bool contiguous = true;
    for (unsigned l = 0; l < width; ++l) contiguous = contiguous && lanes[l] == l;
#else
    constexpr bool contiguous = false;
#endif
    Vector in_re[dim], in_im[dim];
    for (Index u = first; u < first + count; ++u) {
        Index base = u;
        for (unsigned j = 0; j < K + Lanes<Real>::bits; ++j) base = insert_zero_bit(base, positions[j]);
        for (unsigned c = 0; c < dim; ++c) {
            const Real* a = data + 2 * (base + offsets[c]);
#if defined(QZONE_CONTIGUOUS_LANES)
            if (contiguous) {
                split_lanes(a, in_re[c], in_im[c]);
                continue;
            }
#endif
            for (unsigned l = 0; l < width; ++l) {
                in_re[c][l] = a[2 * lanes[l]];
                in_im[c][l] = a[2 * lanes[l] + 1];
            }
        }
        for (unsigned r = 0; r < dim; ++r) {
            Vector out_re = {}, out_im = {};
            for (unsigned c = 0; c < dim; ++c) {
                out_re += real[r * dim + c] * in_re[c] - imag[r * dim + c] * in_im[c];
                out_im += real[r * dim + c] * in_im[c] + imag[r * dim + c] * in_re[c];
            }
            Real* a = data + 2 * (base + offsets[r]);
#if defined(QZONE_CONTIGUOUS_LANES)
            if (contiguous) {
                merge_lanes(a, out_re, out_im);
                continue;
            }
#endif
            for (unsigned l = 0; l < width; ++l) {
                a[2 * lanes[l]] = out_re[l];
                a[2 * lanes[l] + 1] = out_im[l];
            }
        }
    }
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// Amplitudes [first, first + count) times entries[entry], entry = fixed |
/// the table lookups of index bits 0-5 (low), 6-16, 17-27 and 28-38: runs
/// of 64 amplitudes share all but the first lookup, and aligned groups of
/// `same` (2^(lowest position of the diagonal), at most 64) amplitudes share
/// one entry, a loop the compiler vectorizes.
template<class Real>
void diagonal_range(Real* __restrict__ data, Index first, Index count, Index fixed, const Index* low,
                    const Index* middle, const Index* high, const Index* top, const Real* __restrict__ real,
                    const Real* __restrict__ imag, Index same) {
    for (Index run = first; run < first + count; run += 64) {
        const Index shared = fixed | middle[(run >> 6) & 2047] | high[(run >> 17) & 2047] | top[(run >> 28) & 2047];
        Real* const a = data + 2 * run;
        if (same == 1) { // an entry per amplitude
            for (Index j = 0; j < 64; ++j) {
                const Index entry = shared | low[j];
                const Real ar = a[2 * j], ai = a[2 * j + 1], er = real[entry], ei = imag[entry];
                a[2 * j] = er * ar - ei * ai;
                a[2 * j + 1] = er * ai + ei * ar;
            }
            continue;
        }
        for (Index group = 0; group < 64; group += same) {
            const Index entry = shared | low[group];
            const Real er = real[entry], ei = imag[entry];
            for (Index j = group; j < group + same; ++j) {
                const Real ar = a[2 * j], ai = a[2 * j + 1];
                a[2 * j] = er * ar - ei * ai;
                a[2 * j + 1] = er * ai + ei * ar;
            }
        }
    }
}

} // namespace host_blocks

/// Whether the host kernels serve this build (the state lives in host memory).
inline constexpr bool host_block_kernels =
    std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>;

/// Dense block on the in-chunk `positions` (any order; matrix index bit j =
/// positions[j]), `matrix` row-major. Host memory only.
template<class Real>
void apply_dense_block_host(const Chunk<Real>& chunk, const std::vector<unsigned>& positions,
                            const std::vector<Amplitude>& matrix) {
    constexpr unsigned lane_bits = host_blocks::Lanes<Real>::bits, lane_count = 1u << lane_bits;
    const unsigned k = static_cast<unsigned>(positions.size()), dim = 1u << k;
    std::vector<Index> offsets(dim, 0);
    for (unsigned c = 0; c < dim; ++c)
        for (unsigned j = 0; j < k; ++j)
            if (c >> j & 1) offsets[c] |= Index{1} << positions[j];
    std::vector<Real> real(dim * dim), imag(dim * dim);
    for (unsigned e = 0; e < dim * dim; ++e) {
        real[e] = static_cast<Real>(matrix[e].real());
        imag[e] = static_cast<Real>(matrix[e].imag());
    }
    std::vector<unsigned> ascending = positions;
    std::sort(ascending.begin(), ascending.end());
    // Lanes: the lowest positions outside the block.
    std::vector<unsigned> with_lanes = ascending;
    Kokkos::Array<Index, lane_count> lanes{};
    for (unsigned p = 0, found = 0; found < lane_bits && (Index{1} << p) < chunk.extent(0); ++p)
        if (std::find(ascending.begin(), ascending.end(), p) == ascending.end()) {
            with_lanes.push_back(p);
            for (unsigned l = 0; l < lane_count; ++l)
                if (l >> found & 1) lanes[l] |= Index{1} << p;
            ++found;
        }
    std::sort(with_lanes.begin(), with_lanes.end());
    const bool in_lanes = with_lanes.size() == k + lane_bits;
    const Index units = chunk.extent(0) >> (in_lanes ? k + lane_bits : k), tile = units < 256 ? units : 256;
    Real* const data = reinterpret_cast<Real*>(chunk.data());
    const unsigned* const sorted = in_lanes ? with_lanes.data() : ascending.data();
    const Index* const at = offsets.data();
    const Real *const re = real.data(), *const im = imag.data();
    Kokkos::parallel_for(
        "qzone::dense_block_host", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, units / tile),
        [=](const Index work) {
            const Index first = work * tile;
#define QZONE_DENSE_CASE(K)                                                                                            \
    case K:                                                                                                            \
        if (in_lanes) host_blocks::dense_groups_in_lanes<Real, K>(data, first, tile, sorted, at, lanes.data(), re, im); \
        else host_blocks::dense_groups<Real, K>(data, first, tile, sorted, at, re, im);                                \
        break;
            switch (k) {
                QZONE_DENSE_CASE(1)
                QZONE_DENSE_CASE(2)
                QZONE_DENSE_CASE(3)
                QZONE_DENSE_CASE(4)
                QZONE_DENSE_CASE(5)
                QZONE_DENSE_CASE(6)
            }
#undef QZONE_DENSE_CASE
        });
}

/// Diagonal block: amplitude at full index chunk_base | i is multiplied by
/// entries[sum_j bit(positions[j]) << j]. Positions may lie outside the chunk
/// (their bit is then fixed by chunk_base). Chunks of 64 to 2^39 amplitudes.
template<class Real>
void apply_diagonal_block_host(const Chunk<Real>& chunk, Index chunk_base, const std::vector<unsigned>& positions,
                               const std::vector<Amplitude>& entries) {
    // Tables: bits 0-5 (64 entries), then three of 11 bits each.
    std::vector<Index> tables(64 + 3 * 2048, 0);
    const auto table_of = [&](unsigned p) -> std::pair<Index*, unsigned> {
        if (p < 6) return {tables.data(), p};
        return {tables.data() + 64 + ((p - 6) / 11) * 2048, (p - 6) % 11};
    };
    Index fixed = 0, same = 64;
    const Index size = chunk.extent(0);
    for (unsigned j = 0; j < positions.size(); ++j) {
        const unsigned p = positions[j];
        if ((Index{1} << p) >= size) {
            fixed |= (chunk_base >> p & 1) << j;
            continue;
        }
        if (p < 6) same = std::min(same, Index{1} << p);
        const auto [table, bit] = table_of(p);
        const Index length = table == tables.data() ? 64 : 2048;
        for (Index v = 0; v < length; ++v)
            if (v >> bit & 1) table[v] |= Index{1} << j;
    }
    std::vector<Real> real(entries.size()), imag(entries.size());
    for (std::size_t e = 0; e < entries.size(); ++e) {
        real[e] = static_cast<Real>(entries[e].real());
        imag[e] = static_cast<Real>(entries[e].imag());
    }
    const Index tile = size < 8192 ? size : 8192;
    Real* const data = reinterpret_cast<Real*>(chunk.data());
    const Index* const t = tables.data();
    const Real *const re = real.data(), *const im = imag.data();
    Kokkos::parallel_for(
        "qzone::diagonal_block_host", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, size / tile),
        [=](const Index work) {
            host_blocks::diagonal_range(data, work * tile, tile, fixed, t, t + 64, t + 64 + 2048, t + 64 + 4096, re, im,
                                        same);
        });
}

} // namespace qzone::kernels
