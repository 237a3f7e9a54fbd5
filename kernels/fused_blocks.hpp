#pragma once
// Host kernels for fused blocks: a dense 2^k x 2^k matrix on k in-chunk
// qubits, and a diagonal on any qubits. A dense block costs 2^k complex
// multiply-adds per amplitude, so from k = 2 it is bound by arithmetic, not
// memory: the arithmetic is written as plain loops over split real and
// imaginary parts, as many groups side by side as one vector register holds.
// On x86-64 the dense and diagonal kernels are compiled three times and
// chosen at run time (kernel_path.hpp): baseline x86-64 (SSE2, 16-byte lanes,
// separate multiply and add), x86-64-v3 (AVX2, 32-byte lanes, fused
// multiply-add) and x86-64-v4 (AVX-512, 64-byte lanes, the same fused
// arithmetic); the package stays baseline x86-64. Within a path every
// amplitude goes through the same sequence of operations whichever code
// (lanes below, beside or across the block, or one group) serves it, so
// results are bit-identical for any placement of the qubits, hence for any
// rank count; the two fused paths agree with each other bit for bit, and
// diagonals (no fused multiply-add) round alike on all three. Kernels are
// prepared once (DenseBlockKernel, DiagonalBlockKernel) and applied to a
// chunk or to the tiles of a sweep.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
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
/// `a` in every lane, by a shuffle of a vector holding it in lane 0: one
/// broadcast from memory. Not `Vector{} + a` (0 + a must be computed, and
/// turns -0 into +0: a scalar add, then a register broadcast that competes
/// with the multiply-adds for their port), nor `Vector{a, a, ...}` (GCC 12
/// builds it lane by lane in these templates).
template<class Vector, class Real>
[[gnu::always_inline]] inline void splat(Vector& lanes, Real a) {
    typedef typename LaneShuffles<Real, sizeof(Vector)>::mask Zeros;
    lanes = __builtin_shuffle(Vector{a}, Zeros{});
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

/// A block's coefficients, row-major (or per lane register, across lanes):
/// real and imaginary parts, and their sum re + im rounded to Real (what
/// FusedArithmetic multiplies by).
template<class Real>
struct Coefficients {
    const Real* __restrict__ re;
    const Real* __restrict__ im;
    const Real* __restrict__ sum;
};

/// A row of a block, sum over c of m_c x_c for complex m, x in split parts,
/// rounding each product and each sum (any processor): the arithmetic qzone
/// has always done. A Column holds what a row reads of one input amplitude.
struct SeparateArithmetic {
    template<class T>
    struct Column {
        T re, im;
        [[gnu::always_inline]] inline Column() = default;
        [[gnu::always_inline]] inline Column(const T& x_re, const T& x_im) : re(x_re), im(x_im) {}
    };
    template<class T>
    struct Row {
        T re{}, im{};
        template<class M>
        [[gnu::always_inline]] inline void add(M m_re, M m_im, M, const Column<T>& x) {
            re += m_re * x.re - m_im * x.im;
            im += m_re * x.im + m_im * x.re;
        }
        [[gnu::always_inline]] inline void finish(T& out_re, T& out_im) const {
            out_re = re;
            out_im = im;
        }
    };
};

#if defined(QZONE_KERNEL_PATHS)
/// The same in three real fused multiply-adds per complex product, not four
/// (Gauss's product: m x = s x_re - m_im (x_re + x_im) + i (s x_re + m_re
/// (x_im - x_re)), s = m_re + m_im, each column's sum and difference formed
/// once for every row): blocks of 2+ qubits are bound by multiply-adds, so
/// this is a quarter fewer (22% less time for dense4 on Zen 4). Three sums
/// that do not wait on each other, combined at the end. One instruction each
/// on a scalar as on a vector of lanes, so the one-group and lane code round
/// alike. Used only inside the functions compiled for x86-64-v3 and v4
/// (64-byte vectors: v4). The rounding differs from the separate form's by
/// a few units in the last place of the largest terms.
struct FusedArithmetic {
    using Doubles = Lanes<double, 32>::type;
    using Floats = Lanes<float, 32>::type;
    using WideDoubles = Lanes<double, 64>::type;
    using WideFloats = Lanes<float, 64>::type;
    [[gnu::always_inline]] static inline void fma(double& acc, double a, double b) { acc = __builtin_fma(a, b, acc); }
    [[gnu::always_inline]] static inline void fma(float& acc, float a, float b) { acc = __builtin_fmaf(a, b, acc); }
    [[gnu::always_inline]] static inline void fma(Doubles& acc, double a, const Doubles& b) {
        Doubles m;
        splat(m, a);
        acc = __builtin_ia32_vfmaddpd256(m, b, acc);
    }
    [[gnu::always_inline]] static inline void fma(Floats& acc, float a, const Floats& b) {
        Floats m;
        splat(m, a);
        acc = __builtin_ia32_vfmaddps256(m, b, acc);
    }
    // Unmasked (-1), rounding as the processor is set (4: _MM_FROUND_CUR_DIRECTION).
    [[gnu::always_inline]] static inline void fma(WideDoubles& acc, double a, const WideDoubles& b) {
        WideDoubles m;
        splat(m, a);
        acc = __builtin_ia32_vfmaddpd512_mask(m, b, acc, -1, 4);
    }
    [[gnu::always_inline]] static inline void fma(WideFloats& acc, float a, const WideFloats& b) {
        WideFloats m;
        splat(m, a);
        acc = __builtin_ia32_vfmaddps512_mask(m, b, acc, -1, 4);
    }
    // Coefficients that differ from lane to lane (dense_groups_across_lanes).
    [[gnu::always_inline]] static inline void fma(Doubles& acc, const Doubles& a, const Doubles& b) {
        acc = __builtin_ia32_vfmaddpd256(a, b, acc);
    }
    [[gnu::always_inline]] static inline void fma(Floats& acc, const Floats& a, const Floats& b) {
        acc = __builtin_ia32_vfmaddps256(a, b, acc);
    }
    [[gnu::always_inline]] static inline void fma(WideDoubles& acc, const WideDoubles& a, const WideDoubles& b) {
        acc = __builtin_ia32_vfmaddpd512_mask(a, b, acc, -1, 4);
    }
    [[gnu::always_inline]] static inline void fma(WideFloats& acc, const WideFloats& a, const WideFloats& b) {
        acc = __builtin_ia32_vfmaddps512_mask(a, b, acc, -1, 4);
    }
    template<class T>
    struct Column {
        T re, sum, difference; ///< x_re, x_re + x_im, x_im - x_re
        [[gnu::always_inline]] inline Column() = default;
        [[gnu::always_inline]] inline Column(const T& x_re, const T& x_im)
            : re(x_re), sum(x_re + x_im), difference(x_im - x_re) {}
    };
    template<class T>
    struct Row {
        T shared{}, re_part{}, im_part{};
        template<class M>
        [[gnu::always_inline]] inline void add(M m_re, M m_im, M m_sum, const Column<T>& x) {
            fma(shared, m_sum, x.re);
            fma(re_part, m_im, x.sum);
            fma(im_part, m_re, x.difference);
        }
        [[gnu::always_inline]] inline void finish(T& out_re, T& out_im) const {
            out_re = shared - re_part;
            out_im = shared + im_part;
        }
    };
};
#endif

/// The units a work item of a dense block visits: steps [first, first +
/// steps) of `streams` streams `length` units long, side by side
/// (stream_unit): many units in flight, not one stream.
struct UnitWalk {
    Index first, steps, length;
    unsigned streams;
};

/// The groups `walk` visits of a dense block: group g is the index g
/// with zeros inserted at `positions` (ascending), its members at
/// + offsets[c]; `m` holds the matrix row-major. One group at
/// a time.
template<class Real, unsigned K, class Arithmetic>
[[gnu::always_inline]] inline void dense_groups(Real* __restrict__ data, const UnitWalk& walk,
                                                const unsigned* positions, const Index* offsets,
                                                const Coefficients<Real>& m) {
    constexpr unsigned dim = 1u << K;
    typename Arithmetic::template Column<Real> in[dim];
    for (Index k = walk.first; k < walk.first + walk.steps; ++k)
        for (unsigned s = 0; s < walk.streams; ++s) {
            Index base = stream_unit(k, s, walk.length);
            for (unsigned j = 0; j < K; ++j) base = insert_zero_bit(base, positions[j]);
            for (unsigned c = 0; c < dim; ++c)
                in[c] = {data[2 * (base + offsets[c])], data[2 * (base + offsets[c]) + 1]};
            for (unsigned r = 0; r < dim; ++r) {
                typename Arithmetic::template Row<Real> row;
                for (unsigned c = 0; c < dim; ++c) {
                    const unsigned e = r * dim + c;
                    row.add(m.re[e], m.im[e], m.sum[e], in[c]);
                }
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
[[gnu::always_inline]] inline void dense_groups_in_lanes(Real* __restrict__ data, const UnitWalk& walk,
                                                         const unsigned* positions, const Index* offsets,
                                                         const Index* lanes, const Coefficients<Real>& m) {
    using Vector = typename Lanes<Real, Bytes>::type;
    constexpr unsigned dim = 1u << K, width = Lanes<Real, Bytes>::count;
#if defined(QZONE_CONTIGUOUS_LANES)
    // Lanes on the lowest positions: consecutive amplitudes, whole-vector loads.
    bool contiguous = true;
    for (unsigned l = 0; l < width; ++l) contiguous = contiguous && lanes[l] == l;
#endif
    typename Arithmetic::template Column<Vector> in[dim];
    for (Index k = walk.first; k < walk.first + walk.steps; ++k)
        for (unsigned s = 0; s < walk.streams; ++s) {
            Index base = stream_unit(k, s, walk.length);
            for (unsigned j = 0; j < K + Lanes<Real, Bytes>::bits; ++j) base = insert_zero_bit(base, positions[j]);
            for (unsigned c = 0; c < dim; ++c) {
                const Real* a = data + 2 * (base + offsets[c]);
                Vector x_re, x_im;
#if defined(QZONE_CONTIGUOUS_LANES)
                if (contiguous) {
                    split_lanes(a, x_re, x_im);
                    in[c] = {x_re, x_im};
                    continue;
                }
#endif
                for (unsigned l = 0; l < width; ++l) {
                    x_re[l] = a[2 * lanes[l]];
                    x_im[l] = a[2 * lanes[l] + 1];
                }
                in[c] = {x_re, x_im};
            }
            for (unsigned r = 0; r < dim; ++r) {
                typename Arithmetic::template Row<Vector> row;
                for (unsigned c = 0; c < dim; ++c) {
                    const unsigned e = r * dim + c;
                    row.add(m.re[e], m.im[e], m.sum[e], in[c]);
                }
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

/// The widest block served across lanes (wider ones, rare, are gathered).
inline constexpr unsigned max_across_lanes_width = 4;

/// A dense block with qubits among the lanes' positions (the lowest
/// Lanes::bits of the chunk): what dense_groups_across_lanes needs.
struct AcrossLanes {
    /// Ascending: the lane positions, then the block's other positions.
    const unsigned* positions;
    /// Per combination h of the block's qubits above the lanes (bit i: the
    /// i-th of them in the block's order), its offset from a unit's base.
    const Index* offsets;
    /// How many of the block's qubits lie among the lanes.
    unsigned in_lanes;
    /// Per column c: the combination its amplitudes lie at, and for each lane
    /// l the lane they are read from (l with the block's lane bits set to c's).
    const unsigned* source;
    const unsigned char* select;
};

#if defined(QZONE_CONTIGUOUS_LANES)
/// Per column c the shuffle of 32-bit words that dense_groups_across_lanes
/// applies to the register the column lies in.
template<unsigned Bytes>
struct ColumnSelect {
    typedef int Words __attribute__((vector_size(Bytes)));
};

/// Unit i of `walk` (in its order: step by step, streams within a step),
/// for dense_groups_across_lanes. Output registers go `rows` at a time, each
/// column formed in registers once for them where it is used.
template<class Real, unsigned K, unsigned M, class Arithmetic, unsigned Bytes>
[[gnu::always_inline]] inline void dense_unit_across_lanes(Real* __restrict__ data, const UnitWalk& walk, Index i,
                                                           const AcrossLanes& across, const Coefficients<Real>& m,
                                                           const typename ColumnSelect<Bytes>::Words* select) {
    using Vector = typename Lanes<Real, Bytes>::type;
    using Words = typename ColumnSelect<Bytes>::Words;
    constexpr unsigned dim = 1u << K, loads = dim >> M, width = Lanes<Real, Bytes>::count;
    constexpr unsigned insertions = Lanes<Real, Bytes>::bits + K - M;
    // About 12 registers of sums on AVX-512, 6 on AVX2.
    constexpr unsigned rows = std::min(loads, Bytes == 64 ? 4u : 2u);
    Index base = stream_unit(walk.first + i / walk.streams, i % walk.streams, walk.length);
    for (unsigned j = 0; j < insertions; ++j) base = insert_zero_bit(base, across.positions[j]);
    Vector loaded_re[loads], loaded_im[loads];
    for (unsigned h = 0; h < loads; ++h)
        split_lanes(data + 2 * (base + across.offsets[h]), loaded_re[h], loaded_im[h]);
    for (unsigned first = 0; first < loads; first += rows) {
        typename Arithmetic::template Row<Vector> row[rows];
        for (unsigned c = 0; c < dim; ++c) {
            const typename Arithmetic::template Column<Vector> in{
                (Vector)__builtin_shuffle((Words)loaded_re[across.source[c]], select[c]),
                (Vector)__builtin_shuffle((Words)loaded_im[across.source[c]], select[c])};
            for (unsigned r = 0; r < rows; ++r) {
                const unsigned at = ((first + r) * dim + c) * width;
                Vector m_re, m_im, m_sum;
                std::memcpy(&m_re, m.re + at, sizeof(m_re));
                std::memcpy(&m_im, m.im + at, sizeof(m_im));
                std::memcpy(&m_sum, m.sum + at, sizeof(m_sum));
                row[r].add(m_re, m_im, m_sum, in);
            }
        }
        for (unsigned r = 0; r < rows; ++r) {
            Vector out_re, out_im;
            row[r].finish(out_re, out_im);
            merge_lanes(data + 2 * (base + across.offsets[first + r]), out_re, out_im);
        }
    }
}

/// As dense_groups, for a block with M of its K qubits among the lowest
/// Lanes<Real, Bytes>::bits positions: unit u is the index u with zeros
/// inserted at across.positions; at each of its 2^(K-M) offsets lie
/// Lanes::count consecutive amplitudes, one vector register. Column c's
/// inputs are a shuffle of the register it lies in (each lane reads the
/// amplitude of its group with the block's lane bits set to c's), and the
/// coefficients differ from lane to lane (each lane holds another row):
/// `m` holds per output register h and column c a register of
/// coefficients, ((h * 2^K + c) * count + l). Each lane does exactly the
/// arithmetic of dense_groups, in the same order, without gathering from
/// memory. Shuffles move 32-bit words (one instruction for any mask on AVX2
/// and AVX-512). One unit per call of dense_unit_across_lanes: so GCC 12
/// keeps a unit's columns in registers (as one loop nest: up to 2.5x slower).
template<class Real, unsigned K, unsigned M, class Arithmetic, unsigned Bytes>
[[gnu::always_inline]] inline void dense_groups_across_lanes(Real* __restrict__ data, const UnitWalk& walk,
                                                             const AcrossLanes& across, const Coefficients<Real>& m) {
    using Words = typename ColumnSelect<Bytes>::Words;
    constexpr unsigned dim = 1u << K, width = Lanes<Real, Bytes>::count;
    constexpr unsigned words_per_lane = sizeof(Real) / 4;
    Words select[dim];
    for (unsigned c = 0; c < dim; ++c)
        for (unsigned w = 0; w < width * words_per_lane; ++w)
            select[c][w] = static_cast<int>(across.select[c * width + w / words_per_lane] * words_per_lane +
                                            w % words_per_lane);
    for (Index i = 0; i < walk.steps * walk.streams; ++i)
        dense_unit_across_lanes<Real, K, M, Arithmetic, Bytes>(data, walk, i, across, m, select);
}

/// dense_groups_across_lanes with M = across.in_lanes (1 to the lane bits).
template<class Real, unsigned K, class Arithmetic, unsigned Bytes>
[[gnu::always_inline]] inline void dense_groups_across_lanes(Real* __restrict__ data, const UnitWalk& walk,
                                                             const AcrossLanes& across, const Coefficients<Real>& m) {
    constexpr unsigned bits = Lanes<Real, Bytes>::bits;
    switch (across.in_lanes) {
    case 1: return dense_groups_across_lanes<Real, K, 1, Arithmetic, Bytes>(data, walk, across, m);
    case 2:
        if constexpr (K >= 2 && bits >= 2)
            return dense_groups_across_lanes<Real, K, 2, Arithmetic, Bytes>(data, walk, across, m);
        break;
    case 3:
        if constexpr (K >= 3 && bits >= 3)
            return dense_groups_across_lanes<Real, K, 3, Arithmetic, Bytes>(data, walk, across, m);
        break;
    case 4:
        if constexpr (K >= 4 && bits >= 4)
            return dense_groups_across_lanes<Real, K, 4, Arithmetic, Bytes>(data, walk, across, m);
        break;
    }
}
#endif

/// One tile of a dense block, compiled for each kernel path: in one group
/// at a time, in lanes beside the block (`in_lanes`) or, on the fused paths
/// (whose shuffles take any mask in one instruction), across lanes the
/// block's qubits lie among (`across`, when not null; `m` then
/// holds its per-lane coefficients). Lanes are one vector register wide on
/// each path (lane_bytes).
struct DenseTile {
    const unsigned* positions;
    const Index* offsets;
    const Index* lanes;
    bool in_lanes;
    const AcrossLanes* across;
};
#if defined(QZONE_CONTIGUOUS_LANES)
#define QZONE_ACROSS_LANES(ARITHMETIC, BYTES)                                                                          \
    if constexpr (K <= max_across_lanes_width)                                                                        \
        if (tile.across)                                                                                              \
            return dense_groups_across_lanes<Real, K, ARITHMETIC, BYTES>(data, walk, *tile.across, m);
#else
#define QZONE_ACROSS_LANES(ARITHMETIC, BYTES)
#endif
#define QZONE_DENSE_TILE(NAME, ATTRIBUTES, ARITHMETIC, BYTES, ACROSS)                                                  \
    template<class Real, unsigned K>                                                                                  \
    ATTRIBUTES void NAME(Real* __restrict__ data, const UnitWalk& walk, const DenseTile& tile,                        \
                         const Coefficients<Real>& m) {                                                               \
        ACROSS                                                                                                        \
        if (tile.in_lanes)                                                                                            \
            dense_groups_in_lanes<Real, K, ARITHMETIC, BYTES>(data, walk, tile.positions, tile.offsets, tile.lanes,   \
                                                              m);                                                     \
        else                                                                                                          \
            dense_groups<Real, K, ARITHMETIC>(data, walk, tile.positions, tile.offsets, m);                           \
    }
QZONE_DENSE_TILE(dense_tile_baseline, QZONE_KERNEL_BASELINE, SeparateArithmetic, 16, )
#if defined(QZONE_KERNEL_PATHS)
QZONE_DENSE_TILE(dense_tile_avx2_fma, QZONE_KERNEL_AVX2_FMA, FusedArithmetic, 32,
                 QZONE_ACROSS_LANES(FusedArithmetic, 32))
QZONE_DENSE_TILE(dense_tile_avx512, QZONE_KERNEL_AVX512, FusedArithmetic, 64,
                 QZONE_ACROSS_LANES(FusedArithmetic, 64))
#endif
#undef QZONE_DENSE_TILE
#undef QZONE_ACROSS_LANES

/// The width of the lanes on `path`: one vector register.
inline constexpr unsigned lane_bytes(KernelPath path) {
    return path == KernelPath::avx512 ? 64 : path == KernelPath::avx2_fma ? 32 : 16;
}

/// dense_tile on `path`.
template<class Real, unsigned K>
inline void dense_tile(KernelPath path, Real* data, const UnitWalk& walk, const DenseTile& tile,
                       const Coefficients<Real>& m) {
#if defined(QZONE_KERNEL_PATHS)
    if (path == KernelPath::avx512) return dense_tile_avx512<Real, K>(data, walk, tile, m);
    if (path == KernelPath::avx2_fma) return dense_tile_avx2_fma<Real, K>(data, walk, tile, m);
#endif
    (void)path;
    dense_tile_baseline<Real, K>(data, walk, tile, m);
}

/// The lookups of a diagonal block: amplitude i takes entry fixed |
/// low[bits 0-5 of i] | middle[bits 6-16] | high[bits 17-27] | top[bits 28-38].
struct DiagonalTables {
    const Index *low, *middle, *high, *top;
    Index fixed;
    /// Where not null: every run's 64 entries, those of the run whose entry
    /// bits above the lowest `low_bits` are b at 64 * (b & expanded_mask)
    /// (the diagonal's positions in ascending order, few of them above 5).
    const void *expanded_re, *expanded_im;
    unsigned low_bits;
    Index expanded_mask;
    /// Aligned groups of 2^same_bits amplitudes share an entry (the lowest
    /// position of the diagonal in the run, 6 if none is below 6).
    unsigned same_bits;
};

/// The runs of 64 amplitudes `walk` visits (run r: amplitudes 64r to 64r +
/// 63), each amplitude times its entry. Where groups of a register's
/// amplitudes or more share an entry, it is broadcast; otherwise a run's
/// entries come from tables.expanded, or are looked up into a table per
/// stream, kept while the stream's next run selects the same. Products as
/// er * ar - ei * ai and er * ai + ei * ar: every path, every lane rounds
/// alike.
template<class Real, unsigned Bytes>
[[gnu::always_inline]] inline void diagonal_runs(Real* __restrict__ data, const UnitWalk& walk,
                                                 const DiagonalTables& tables, const Real* __restrict__ real,
                                                 const Real* __restrict__ imag) {
    Real factor_re[host_streams][64], factor_im[host_streams][64];
    Index cached[host_streams];
    for (Index& c : cached) c = ~Index{0};
    for (Index k = walk.first; k < walk.first + walk.steps; ++k)
        for (unsigned s = 0; s < walk.streams; ++s) {
            const Index run = stream_unit(k, s, walk.length);
            const Index shared = tables.fixed | tables.middle[run & 2047] | tables.high[(run >> 11) & 2047] |
                                 tables.top[(run >> 22) & 2047];
            Real* const a = data + 128 * run;
#if defined(QZONE_CONTIGUOUS_LANES)
            // Groups of at least a register's amplitudes share an entry: broadcast it.
            using Vector = typename Lanes<Real, Bytes>::type;
            if ((1u << tables.same_bits) >= Lanes<Real, Bytes>::count) {
                const unsigned same = 1u << tables.same_bits;
                for (unsigned group = 0; group < 64; group += same) {
                    const Index entry = shared | tables.low[group];
                    Vector er, ei;
                    splat(er, real[entry]);
                    splat(ei, imag[entry]);
                    for (unsigned j = group; j < group + same; j += Lanes<Real, Bytes>::count) {
                        Vector ar, ai;
                        split_lanes(a + 2 * j, ar, ai);
                        merge_lanes(a + 2 * j, Vector(er * ar - ei * ai), Vector(er * ai + ei * ar));
                    }
                }
                continue;
            }
#endif
            const Real *f_re = factor_re[s], *f_im = factor_im[s];
            if (tables.expanded_re) {
                const Index at = 64 * (shared >> tables.low_bits & tables.expanded_mask);
                f_re = static_cast<const Real*>(tables.expanded_re) + at;
                f_im = static_cast<const Real*>(tables.expanded_im) + at;
            } else if (shared != cached[s]) {
                cached[s] = shared;
                for (unsigned j = 0; j < 64; ++j) {
                    factor_re[s][j] = real[shared | tables.low[j]];
                    factor_im[s][j] = imag[shared | tables.low[j]];
                }
            }
#if defined(QZONE_CONTIGUOUS_LANES)
            for (unsigned j = 0; j < 64; j += Lanes<Real, Bytes>::count) {
                Vector ar, ai, er, ei;
                split_lanes(a + 2 * j, ar, ai);
                std::memcpy(&er, f_re + j, sizeof(er));
                std::memcpy(&ei, f_im + j, sizeof(ei));
                merge_lanes(a + 2 * j, Vector(er * ar - ei * ai), Vector(er * ai + ei * ar));
            }
#else
            for (unsigned j = 0; j < 64; ++j) {
                const Real ar = a[2 * j], ai = a[2 * j + 1];
                a[2 * j] = f_re[j] * ar - f_im[j] * ai;
                a[2 * j + 1] = f_re[j] * ai + f_im[j] * ar;
            }
#endif
        }
}
#define QZONE_DIAGONAL_RUNS(NAME, ATTRIBUTES, BYTES)                                                                   \
    template<class Real>                                                                                              \
    ATTRIBUTES void NAME(Real* __restrict__ data, const UnitWalk& walk, const DiagonalTables& tables,                 \
                         const Real* __restrict__ real, const Real* __restrict__ imag) {                              \
        diagonal_runs<Real, BYTES>(data, walk, tables, real, imag);                                                   \
    }
QZONE_DIAGONAL_RUNS(diagonal_runs_baseline, QZONE_KERNEL_BASELINE, 16)
#if defined(QZONE_KERNEL_PATHS)
QZONE_DIAGONAL_RUNS(diagonal_runs_avx2_fma, QZONE_KERNEL_AVX2_FMA, 32)
QZONE_DIAGONAL_RUNS(diagonal_runs_avx512, QZONE_KERNEL_AVX512, 64)
#endif
#undef QZONE_DIAGONAL_RUNS

/// diagonal_runs on `path` (the same results on each: no fused multiply-adds).
template<class Real>
inline void diagonal_runs(KernelPath path, Real* data, const UnitWalk& walk, const DiagonalTables& tables,
                          const Real* real, const Real* imag) {
#if defined(QZONE_KERNEL_PATHS)
    if (path == KernelPath::avx512) return diagonal_runs_avx512<Real>(data, walk, tables, real, imag);
    if (path == KernelPath::avx2_fma) return diagonal_runs_avx2_fma<Real>(data, walk, tables, real, imag);
#endif
    (void)path;
    diagonal_runs_baseline<Real>(data, walk, tables, real, imag);
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

} // namespace host_blocks

/// Whether the host kernels serve this build (the state lives in host memory).
inline constexpr bool host_block_kernels =
    std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>;

namespace host_blocks {

/// A block's Coefficients, owned: entry `at` of each part set from a
/// complex coefficient, rounded to Real (the sum from the rounded parts).
template<class Real>
class CoefficientParts {
public:
    explicit CoefficientParts(std::size_t size) : re_(size), im_(size), sum_(size) {}
    void set(std::size_t at, const Amplitude& m) {
        re_[at] = static_cast<Real>(m.real());
        im_[at] = static_cast<Real>(m.imag());
        sum_[at] = re_[at] + im_[at];
    }
    /// Pointers into this object: take them after it last moved.
    Coefficients<Real> view() const { return {re_.data(), im_.data(), sum_.data()}; }

private:
    std::vector<Real> re_, im_, sum_;
};

/// The layout and per-lane coefficients of a block whose qubits lie partly
/// among the `lane_bits` lowest positions (see dense_groups_across_lanes).
template<class Real>
struct AcrossLanesSetup {
    std::vector<unsigned> positions, source;
    std::vector<Index> offsets;
    std::vector<unsigned char> select;
    CoefficientParts<Real> coefficients{0};
    unsigned in_lanes = 0;

    AcrossLanesSetup(const std::vector<unsigned>& block, const std::vector<Amplitude>& matrix, unsigned lane_bits) {
        const unsigned k = static_cast<unsigned>(block.size()), dim = 1u << k, width = 1u << lane_bits;
        std::vector<unsigned> high; // indices j of the block's qubits above the lanes
        unsigned lane_mask = 0;
        for (unsigned p = 0; p < lane_bits; ++p) positions.push_back(p);
        for (unsigned j = 0; j < k; ++j) {
            if (block[j] < lane_bits) lane_mask |= 1u << block[j], ++in_lanes;
            else high.push_back(j), positions.push_back(block[j]);
        }
        std::sort(positions.begin(), positions.end());
        const unsigned loads = 1u << high.size();
        offsets.assign(loads, 0);
        for (unsigned h = 0; h < loads; ++h)
            for (std::size_t i = 0; i < high.size(); ++i)
                if (h >> i & 1) offsets[h] |= Index{1} << block[high[i]];
        // The block index's bits at lane positions, as lane bits.
        const auto lane_part = [&](unsigned index) {
            unsigned bits = 0;
            for (unsigned j = 0; j < k; ++j)
                if (block[j] < lane_bits && (index >> j & 1)) bits |= 1u << block[j];
            return bits;
        };
        source.assign(dim, 0);
        select.assign(std::size_t{dim} * width, 0);
        for (unsigned c = 0; c < dim; ++c) {
            for (std::size_t i = 0; i < high.size(); ++i)
                if (c >> high[i] & 1) source[c] |= 1u << i;
            for (unsigned l = 0; l < width; ++l)
                select[c * width + l] = static_cast<unsigned char>((l & ~lane_mask) | lane_part(c));
        }
        // Lane l of output register h holds row row_of(h, l).
        const auto row_of = [&](unsigned h, unsigned l) {
            unsigned row = 0;
            for (unsigned j = 0; j < k; ++j)
                if (block[j] < lane_bits && (l >> block[j] & 1)) row |= 1u << j;
            for (std::size_t i = 0; i < high.size(); ++i)
                if (h >> i & 1) row |= 1u << high[i];
            return row;
        };
        coefficients = CoefficientParts<Real>(std::size_t{loads} * dim * width);
        for (unsigned h = 0; h < loads; ++h)
            for (unsigned c = 0; c < dim; ++c)
                for (unsigned l = 0; l < width; ++l)
                    coefficients.set((std::size_t{h} * dim + c) * width + l, matrix[row_of(h, l) * dim + c]);
    }

    AcrossLanes view() const { return {positions.data(), offsets.data(), in_lanes, source.data(), select.data()}; }
};

} // namespace host_blocks

/// A dense block on the in-chunk `positions` (any order; matrix index bit j
/// = positions[j]), `matrix` row-major, prepared for runs of `size`
/// amplitudes (a chunk, or a tile of one): apply() as often as needed.
/// Host memory only.
template<class Real>
class DenseBlockKernel {
public:
    DenseBlockKernel(const std::vector<unsigned>& positions, const std::vector<Amplitude>& matrix, Index size)
        : path_(kernel_path()), k_(static_cast<unsigned>(positions.size())), coefficients_(matrix.size()) {
        const unsigned lane_count = host_blocks::lane_bytes(path_) / sizeof(Real);
        const unsigned lane_bits = host_blocks::lane_bits_of(lane_count);
        const unsigned dim = 1u << k_;
        offsets_.assign(dim, 0);
        for (unsigned c = 0; c < dim; ++c)
            for (unsigned j = 0; j < k_; ++j)
                if (c >> j & 1) offsets_[c] |= Index{1} << positions[j];
        for (unsigned e = 0; e < dim * dim; ++e) coefficients_.set(e, matrix[e]);
        std::vector<unsigned> ascending = positions;
        std::sort(ascending.begin(), ascending.end());
        // Lanes: the lowest positions outside the block.
        sorted_ = ascending;
        for (unsigned p = 0, found = 0; found < lane_bits && (Index{1} << p) < size; ++p)
            if (std::find(ascending.begin(), ascending.end(), p) == ascending.end()) {
                sorted_.push_back(p);
                for (unsigned l = 0; l < lane_count; ++l)
                    if (l >> found & 1) lanes_[l] |= Index{1} << p;
                ++found;
            }
        in_lanes_ = sorted_.size() == k_ + lane_bits;
        if (!in_lanes_) sorted_ = ascending;
        std::sort(sorted_.begin(), sorted_.end());
        Index units = size >> (in_lanes_ ? k_ + lane_bits : k_);
        // A block among the lane positions: lanes across it (contiguous
        // loads, shuffles in registers) rather than beside it (gathered one by one).
#if defined(QZONE_CONTIGUOUS_LANES)
        const unsigned above_lanes = static_cast<unsigned>(
            std::count_if(ascending.begin(), ascending.end(), [&](unsigned p) { return p >= lane_bits; }));
        if (path_ != KernelPath::baseline && k_ <= host_blocks::max_across_lanes_width &&
            ascending.front() < lane_bits && size >= Index{1} << (lane_bits + above_lanes)) {
            across_setup_.emplace(positions, matrix, lane_bits);
            units = size >> (lane_bits + above_lanes);
        }
#endif
        // About host_streams 4 KiB pages in flight: a unit spans one page per
        // combination of the block's qubits at or above a page (more streams
        // of those were slower: 2.4x for dense3 on this machine).
        unsigned pages_per_unit = 1;
        for (unsigned p : positions)
            if ((Index{sizeof(Real) * 2} << p) >= 4096) pages_per_unit *= 2;
        streams_ = std::max(1u, streams_for(units) / pages_per_unit);
        length_ = units / streams_;
        tile_ = length_ < 256 ? length_ : 256;
    }

    /// The block on the `size` amplitudes from `data` (re, im interleaved).
    void apply(Real* data) const {
        const KernelPath path = path_;
        const unsigned k = k_;
        const Index tile = tile_, length = length_;
        const unsigned streams = streams_;
        // Views into this object's vectors, taken now: the object may have moved since it was made.
        std::optional<host_blocks::AcrossLanes> across;
        if (across_setup_) across = across_setup_->view();
        const host_blocks::Coefficients<Real> m = across ? across_setup_->coefficients.view() : coefficients_.view();
        const host_blocks::DenseTile layout{sorted_.data(), offsets_.data(), lanes_.data(), in_lanes_,
                                            across ? &*across : nullptr};
        Kokkos::parallel_for(
            "qzone::dense_block_host", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, length / tile),
            [=](const Index work) {
                const host_blocks::UnitWalk walk{work * tile, tile, length, streams};
#define QZONE_DENSE_CASE(K)                                                                                            \
    case K: host_blocks::dense_tile<Real, K>(path, data, walk, layout, m); break;
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

private:
    KernelPath path_;
    unsigned k_;
    std::vector<Index> offsets_;
    host_blocks::CoefficientParts<Real> coefficients_;
    std::vector<unsigned> sorted_; ///< positions zeros are inserted at: the block's, and the lanes' when in lanes
    Kokkos::Array<Index, 16> lanes_{};
    bool in_lanes_ = false;
    std::optional<host_blocks::AcrossLanesSetup<Real>> across_setup_;
    unsigned streams_ = 1;
    Index length_ = 0, tile_ = 1;
};

/// A diagonal block prepared for runs of `size` amplitudes (64 to 2^39): the
/// amplitude at full index base | i is multiplied by entries[sum_j
/// bit(positions[j]) << j]. Positions may lie outside the run (their bit is
/// then fixed by the base apply() is given). Host memory only.
template<class Real>
class DiagonalBlockKernel {
public:
    DiagonalBlockKernel(const std::vector<unsigned>& positions, const std::vector<Amplitude>& entries, Index size)
        : size_(size), path_(kernel_path()), tables_(64 + 3 * 2048, 0) {
        // Positions in ascending order (entry bit i: the i-th lowest), so that
        // the bits of positions 6 and up inside the run lie together.
        const unsigned k = static_cast<unsigned>(positions.size());
        ascending_ = positions;
        std::sort(ascending_.begin(), ascending_.end());
        std::vector<unsigned> rank(k);
        for (unsigned j = 0; j < k; ++j)
            rank[j] = static_cast<unsigned>(std::lower_bound(ascending_.begin(), ascending_.end(), positions[j]) -
                                            ascending_.begin());
        real_.resize(entries.size());
        imag_.resize(entries.size());
        for (std::size_t e = 0; e < entries.size(); ++e) {
            std::size_t sorted = 0;
            for (unsigned j = 0; j < k; ++j) sorted |= (e >> j & 1) << rank[j];
            real_[sorted] = static_cast<Real>(entries[e].real());
            imag_[sorted] = static_cast<Real>(entries[e].imag());
        }
        // Tables: bits 0-5 (64 entries), then three of 11 bits each.
        const auto table_of = [&](unsigned p) -> std::pair<Index*, unsigned> {
            if (p < 6) return {tables_.data(), p};
            return {tables_.data() + 64 + ((p - 6) / 11) * 2048, (p - 6) % 11};
        };
        unsigned middle_bits = 0;
        for (unsigned i = 0; i < k; ++i) {
            const unsigned p = ascending_[i];
            if ((Index{1} << p) >= size) continue;
            (p < 6 ? low_bits_ : middle_bits) += 1;
            same_bits_ = std::min(same_bits_, p);
            const auto [table, bit] = table_of(p);
            const Index length = table == tables_.data() ? 64 : 2048;
            for (Index v = 0; v < length; ++v)
                if (v >> bit & 1) table[v] |= Index{1} << i;
        }
        // Every run's entries at once, where few and the run is large: no lookups per run.
        variants_ = Index{1} << middle_bits;
        if (low_bits_ > 0 && variants_ <= 256 && variants_ * 64 * 8 <= size) {
            expanded_re_.resize(variants_ * 64);
            expanded_im_.resize(variants_ * 64);
        }
        const Index runs = size / 64;
        streams_ = streams_for(runs);
        length_ = runs / streams_;
        tile_ = length_ < 128 ? length_ : 128;
    }

    /// The block on the `size` amplitudes from `data` (re, im interleaved),
    /// the first at full index `base`.
    void apply(Real* data, Index base) const {
        Index fixed = 0;
        for (unsigned i = 0; i < ascending_.size(); ++i)
            if ((Index{1} << ascending_[i]) >= size_) fixed |= (base >> ascending_[i] & 1) << i;
        if (!expanded_re_.empty() && fixed != expanded_for_) {
            for (Index v = 0; v < variants_; ++v)
                for (Index j = 0; j < 64; ++j) {
                    const Index entry = fixed | v << low_bits_ | tables_[j];
                    expanded_re_[v * 64 + j] = real_[entry];
                    expanded_im_[v * 64 + j] = imag_[entry];
                }
            expanded_for_ = fixed;
        }
        const Index* const t = tables_.data();
        const host_blocks::DiagonalTables lookups{t,
                                                  t + 64,
                                                  t + 64 + 2048,
                                                  t + 64 + 4096,
                                                  fixed,
                                                  expanded_re_.empty() ? nullptr : expanded_re_.data(),
                                                  expanded_im_.empty() ? nullptr : expanded_im_.data(),
                                                  low_bits_,
                                                  variants_ - 1,
                                                  same_bits_};
        const Real *const re = real_.data(), *const im = imag_.data();
        const KernelPath path = path_;
        const Index tile = tile_, length = length_;
        const unsigned streams = streams_;
        Kokkos::parallel_for(
            "qzone::diagonal_block_host", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, length / tile),
            [=](const Index work) {
                host_blocks::diagonal_runs(path, data, host_blocks::UnitWalk{work * tile, tile, length, streams},
                                           lookups, re, im);
            });
    }

private:
    Index size_;
    KernelPath path_;
    std::vector<unsigned> ascending_;
    std::vector<Real> real_, imag_; ///< entries, indexed with bit i for ascending_[i]
    std::vector<Index> tables_;
    unsigned low_bits_ = 0, same_bits_ = 6;
    Index variants_ = 1;
    /// Every run's entries for the fixed bits expanded_for_ (rebuilt when they change).
    mutable std::vector<Real> expanded_re_, expanded_im_;
    mutable Index expanded_for_ = ~Index{0};
    unsigned streams_ = 1;
    Index length_ = 0, tile_ = 1;
};

/// A dense block on a chunk (DenseBlockKernel, prepared and applied once).
template<class Real>
void apply_dense_block_host(const Chunk<Real>& chunk, const std::vector<unsigned>& positions,
                            const std::vector<Amplitude>& matrix) {
    DenseBlockKernel<Real>(positions, matrix, chunk.extent(0)).apply(reinterpret_cast<Real*>(chunk.data()));
}

/// A diagonal block on a chunk whose first amplitude has full index
/// `chunk_base` (DiagonalBlockKernel, prepared and applied once).
template<class Real>
void apply_diagonal_block_host(const Chunk<Real>& chunk, Index chunk_base, const std::vector<unsigned>& positions,
                               const std::vector<Amplitude>& entries) {
    DiagonalBlockKernel<Real>(positions, entries, chunk.extent(0))
        .apply(reinterpret_cast<Real*>(chunk.data()), chunk_base);
}

} // namespace qzone::kernels
