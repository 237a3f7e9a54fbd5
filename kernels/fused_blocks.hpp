#pragma once
// Host kernels for fused blocks: a dense 2^k x 2^k matrix on k in-chunk
// qubits, and a diagonal on any qubits. A dense block costs 2^k complex
// multiply-adds per amplitude, so from k = 2 it is bound by arithmetic, not
// memory: the arithmetic is written as plain loops over split real and
// imaginary parts, as many groups side by side as one vector register holds.
// On x86-64 the dense kernels are compiled three times and chosen at run time
// (kernel_path.hpp): baseline x86-64 (SSE2, 16-byte lanes, separate multiply
// and add), x86-64-v3 (AVX2, 32-byte lanes, fused multiply-add) and x86-64-v4
// (AVX-512, 64-byte lanes, the same fused arithmetic); the package stays
// baseline x86-64. Within a path every amplitude goes through the same
// sequence of operations whichever code (lanes or one group) serves it, so
// results are bit-identical for any placement of the qubits, hence for any
// rank count; the two fused paths agree with each other bit for bit.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernel_path.hpp"
#include "kernel_types.hpp"

// No contraction by the compiler: the fused paths write their fused
// multiply-adds out (FusedArithmetic), the same in the one-group and lane
// code (the kernel tests compare them bit for bit on each path).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#define QZONE_KERNEL_BASELINE __attribute__((optimize("fp-contract=off")))
#define QZONE_KERNEL_AVX2_FMA __attribute__((target("arch=x86-64-v3"), optimize("fp-contract=off")))
#define QZONE_KERNEL_AVX512 __attribute__((target("arch=x86-64-v4"), optimize("fp-contract=off")))
#define QZONE_KERNEL_PATHS 1
#include <immintrin.h> // declares the FMA builtins that FusedArithmetic writes out
#elif defined(__GNUC__) && !defined(__clang__)
#define QZONE_KERNEL_BASELINE __attribute__((optimize("fp-contract=off")))
#else
#define QZONE_KERNEL_BASELINE
#endif

namespace qzone::kernels {

namespace host_blocks {

// GCC 12 warns that the vector lanes built from `data` "may be used
// uninitialized" in some paths: they are all written before use. And that
// vectors wider than the baseline's registers change the ABI: they never
// cross a call, every function that takes them being inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

/// `Bytes` bytes of Real side by side (GCC and Clang vector extensions): one
/// register of the baseline (16), AVX2 (32) or AVX-512 (64) path; 32 bytes
/// on other compilers and targets.
/// log2 of a lane count (2 to 16).
inline constexpr unsigned lane_bits_of(unsigned count) { return count == 16 ? 4 : count == 8 ? 3 : count == 4 ? 2 : 1; }

template<class Real, unsigned Bytes = 32>
struct Lanes {
    typedef Real type __attribute__((vector_size(Bytes)));
    static constexpr unsigned count = Bytes / sizeof(Real);
    static constexpr unsigned bits = lane_bits_of(count);
};

#if defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#define QZONE_CONTIGUOUS_LANES 1
/// Shuffle masks between `count` (re, im) pairs in memory (two vectors) and
/// split vectors: even and odd elements; the first and second halves of the
/// pairs interleaved back.
template<class Real, unsigned Bytes>
struct LaneShuffles {
    using Index = std::conditional_t<sizeof(Real) == 8, long long, int>;
    typedef Index mask __attribute__((vector_size(Bytes)));
    static constexpr unsigned count = Bytes / sizeof(Real);
    static constexpr Index element(unsigned kind, unsigned l) {
        return static_cast<Index>(kind == 0   ? 2 * l
                                  : kind == 1 ? 2 * l + 1
                                  : kind == 2 ? (l % 2 ? count : 0) + l / 2
                                              : (l % 2 ? count : 0) + count / 2 + l / 2);
    }
    template<std::size_t... L>
    static constexpr mask make(unsigned kind, std::index_sequence<L...>) {
        return mask{element(kind, static_cast<unsigned>(L))...};
    }
    static constexpr mask even = make(0, std::make_index_sequence<count>{}), odd = make(1, std::make_index_sequence<count>{}),
                          low = make(2, std::make_index_sequence<count>{}), high = make(3, std::make_index_sequence<count>{});
};

/// The parts of the Lanes::count consecutive amplitudes from `a` on (re, im
/// interleaved): real parts in `re`, imaginary in `im`.
template<class Real, class Vector>
[[gnu::always_inline]] inline void split_lanes(const Real* a, Vector& re, Vector& im) {
    using Shuffles = LaneShuffles<Real, sizeof(Vector)>;
    Vector first, second;
    std::memcpy(&first, a, sizeof(first));
    std::memcpy(&second, a + sizeof(first) / sizeof(Real), sizeof(second));
    re = __builtin_shuffle(first, second, Shuffles::even);
    im = __builtin_shuffle(first, second, Shuffles::odd);
}
/// The inverse of split_lanes.
template<class Real, class Vector>
[[gnu::always_inline]] inline void merge_lanes(Real* a, const Vector& re, const Vector& im) {
    using Shuffles = LaneShuffles<Real, sizeof(Vector)>;
    const Vector first = __builtin_shuffle(re, im, Shuffles::low), second = __builtin_shuffle(re, im, Shuffles::high);
    std::memcpy(a, &first, sizeof(first));
    std::memcpy(a + sizeof(first) / sizeof(Real), &second, sizeof(second));
}
#endif

/// A row of a block, sum over c of m_c x_c for complex m, x in split parts,
/// rounding each product and each sum (any processor): the arithmetic qzone
/// has always done.
struct SeparateArithmetic {
    template<class T>
    struct Row {
        T re{}, im{};
        template<class M>
        [[gnu::always_inline]] inline void add(M m_re, M m_im, const T& x_re, const T& x_im) {
            re += m_re * x_re - m_im * x_im;
            im += m_re * x_im + m_im * x_re;
        }
        [[gnu::always_inline]] inline void finish(T& out_re, T& out_im) const {
            out_re = re;
            out_im = im;
        }
    };
};

#if defined(QZONE_KERNEL_PATHS)
/// The same in fused multiply-adds (one rounding each) written out, into
/// four sums (re re, im im, re im, im re) that do not wait on each other,
/// combined at the end: half the instructions of the separate form, and
/// chains a quarter as long. One instruction each on a scalar as on a
/// vector of lanes, so the one-group and lane code round alike. Used only
/// inside the functions compiled for x86-64-v3 and v4 (64-byte vectors: v4).
struct FusedArithmetic {
    using Doubles = Lanes<double, 32>::type;
    using Floats = Lanes<float, 32>::type;
    using WideDoubles = Lanes<double, 64>::type;
    using WideFloats = Lanes<float, 64>::type;
    [[gnu::always_inline]] static inline void fma(double& acc, double a, double b) { acc = __builtin_fma(a, b, acc); }
    [[gnu::always_inline]] static inline void fma(float& acc, float a, float b) { acc = __builtin_fmaf(a, b, acc); }
    [[gnu::always_inline]] static inline void fma(Doubles& acc, double a, const Doubles& b) {
        acc = __builtin_ia32_vfmaddpd256(Doubles{} + a, b, acc);
    }
    [[gnu::always_inline]] static inline void fma(Floats& acc, float a, const Floats& b) {
        acc = __builtin_ia32_vfmaddps256(Floats{} + a, b, acc);
    }
    // Unmasked (-1), rounding as the processor is set (4: _MM_FROUND_CUR_DIRECTION).
    [[gnu::always_inline]] static inline void fma(WideDoubles& acc, double a, const WideDoubles& b) {
        acc = __builtin_ia32_vfmaddpd512_mask(WideDoubles{} + a, b, acc, -1, 4);
    }
    [[gnu::always_inline]] static inline void fma(WideFloats& acc, float a, const WideFloats& b) {
        acc = __builtin_ia32_vfmaddps512_mask(WideFloats{} + a, b, acc, -1, 4);
    }
    template<class T>
    struct Row {
        T re_re{}, im_im{}, re_im{}, im_re{};
        template<class M>
        [[gnu::always_inline]] inline void add(M m_re, M m_im, const T& x_re, const T& x_im) {
            fma(re_re, m_re, x_re);
            fma(im_im, m_im, x_im);
            fma(re_im, m_re, x_im);
            fma(im_re, m_im, x_re);
        }
        [[gnu::always_inline]] inline void finish(T& out_re, T& out_im) const {
            out_re = re_re - im_im;
            out_im = re_im + im_re;
        }
    };
};
#endif

/// Groups [first, first + count) of a dense block: group g is the index g
/// with zeros inserted at `positions` (ascending), its members at
/// + offsets[c]; `real` and `imag` hold the matrix row-major. One group at
/// a time.
template<class Real, unsigned K, class Arithmetic>
[[gnu::always_inline]] inline void dense_groups(Real* __restrict__ data, Index first, Index count,
                                                const unsigned* positions, const Index* offsets,
                                                const Real* __restrict__ real, const Real* __restrict__ imag) {
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
            typename Arithmetic::template Row<Real> row;
            for (unsigned c = 0; c < dim; ++c) row.add(real[r * dim + c], imag[r * dim + c], in_re[c], in_im[c]);
            Real out_re, out_im;
            row.finish(out_re, out_im);
            data[2 * (base + offsets[r])] = out_re;
            data[2 * (base + offsets[r]) + 1] = out_im;
        }
    }
}

/// As dense_groups, Lanes<Real, Bytes>::count groups side by side in the
/// lanes of vector registers: unit u is the index u with zeros inserted at
/// `positions` (ascending: the block's K positions and the lowest
/// Lanes<Real, Bytes>::bits others), its lanes at + lanes[l]. Each lane does
/// exactly the arithmetic of dense_groups, in the same order.
template<class Real, unsigned K, class Arithmetic, unsigned Bytes>
[[gnu::always_inline]] inline void dense_groups_in_lanes(Real* __restrict__ data, Index first, Index count,
                                                         const unsigned* positions, const Index* offsets,
                                                         const Index* lanes, const Real* __restrict__ real,
                                                         const Real* __restrict__ imag) {
    using Vector = typename Lanes<Real, Bytes>::type;
    constexpr unsigned dim = 1u << K, width = Lanes<Real, Bytes>::count;
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
        for (unsigned j = 0; j < K + Lanes<Real, Bytes>::bits; ++j) base = insert_zero_bit(base, positions[j]);
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
            typename Arithmetic::template Row<Vector> row;
            for (unsigned c = 0; c < dim; ++c) row.add(real[r * dim + c], imag[r * dim + c], in_re[c], in_im[c]);
            Vector out_re, out_im;
            row.finish(out_re, out_im);
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

/// One tile of a dense block (`in_lanes`: the lane code), compiled for each
/// kernel path; `lanes` is ignored without lanes. Lanes are one vector
/// register wide on each path (lane_bytes).
struct DenseTile {
    const unsigned* positions;
    const Index* offsets;
    const Index* lanes;
    bool in_lanes;
};
#define QZONE_DENSE_TILE(NAME, ATTRIBUTES, ARITHMETIC, BYTES)                                                          \
    template<class Real, unsigned K>                                                                                  \
    ATTRIBUTES void NAME(Real* __restrict__ data, Index first, Index count, const DenseTile& tile,                    \
                         const Real* __restrict__ real, const Real* __restrict__ imag) {                              \
        if (tile.in_lanes)                                                                                            \
            dense_groups_in_lanes<Real, K, ARITHMETIC, BYTES>(data, first, count, tile.positions, tile.offsets,       \
                                                              tile.lanes, real, imag);                                \
        else                                                                                                          \
            dense_groups<Real, K, ARITHMETIC>(data, first, count, tile.positions, tile.offsets, real, imag);          \
    }
QZONE_DENSE_TILE(dense_tile_baseline, QZONE_KERNEL_BASELINE, SeparateArithmetic, 16)
#if defined(QZONE_KERNEL_PATHS)
QZONE_DENSE_TILE(dense_tile_avx2_fma, QZONE_KERNEL_AVX2_FMA, FusedArithmetic, 32)
QZONE_DENSE_TILE(dense_tile_avx512, QZONE_KERNEL_AVX512, FusedArithmetic, 64)
#endif
#undef QZONE_DENSE_TILE

/// The width of the lanes on `path`: one vector register.
inline constexpr unsigned lane_bytes(KernelPath path) {
    return path == KernelPath::avx512 ? 64 : path == KernelPath::avx2_fma ? 32 : 16;
}

/// dense_tile on `path`.
template<class Real, unsigned K>
inline void dense_tile(KernelPath path, Real* data, Index first, Index count, const DenseTile& tile, const Real* real,
                       const Real* imag) {
#if defined(QZONE_KERNEL_PATHS)
    if (path == KernelPath::avx512) return dense_tile_avx512<Real, K>(data, first, count, tile, real, imag);
    if (path == KernelPath::avx2_fma) return dense_tile_avx2_fma<Real, K>(data, first, count, tile, real, imag);
#endif
    (void)path;
    dense_tile_baseline<Real, K>(data, first, count, tile, real, imag);
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
    const KernelPath path = kernel_path();
    const unsigned lane_count = host_blocks::lane_bytes(path) / sizeof(Real);
    const unsigned lane_bits = host_blocks::lane_bits_of(lane_count);
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
    Kokkos::Array<Index, 16> lanes{};
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
    const Real *const re = real.data(), *const im = imag.data();
    const host_blocks::DenseTile layout{sorted, offsets.data(), lanes.data(), in_lanes};
    Kokkos::parallel_for(
        "qzone::dense_block_host", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, units / tile),
        [=](const Index work) {
            const Index first = work * tile;
#define QZONE_DENSE_CASE(K)                                                                                            \
    case K: host_blocks::dense_tile<Real, K>(path, data, first, tile, layout, re, im); break;
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
