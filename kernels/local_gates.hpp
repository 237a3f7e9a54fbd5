#pragma once
// Gates whose targets all lie inside one chunk. Each kernel updates one chunk
// in place; `fixed` holds the chunk-local controls (position and required
// value). Matrix index bit j stands for targets[j].

#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kernel_types.hpp"

namespace qzone::kernels {

/// The coefficients of a 2x2 matrix as the host kernel uses them, for
/// amplitudes with parts of type Real.
template<class Real>
struct HostMatrix2 {
    static constexpr Index amplitudes_per_unit = 1; ///< apply() updates one amplitude on each side
    Real real[4], imag[4];
    explicit HostMatrix2(const Matrix2& m) {
        for (int e = 0; e < 4; ++e) {
            real[e] = static_cast<Real>(m[e].real());
            imag[e] = static_cast<Real>(m[e].imag());
        }
    }

    /// (lo, hi) <- m (lo, hi), rounded exactly as Kokkos::complex computes
    /// m0*a0 + m1*a1, so every path of a gate gives the same bits.
    void apply(Real* lo, Real* hi) const {
        const Real ar = lo[0], ai = lo[1], br = hi[0], bi = hi[1];
        lo[0] = (real[0] * ar - imag[0] * ai) + (real[1] * br - imag[1] * bi);
        lo[1] = (real[0] * ai + imag[0] * ar) + (real[1] * bi + imag[1] * br);
        hi[0] = (real[2] * ar - imag[2] * ai) + (real[3] * br - imag[3] * bi);
        hi[1] = (real[2] * ai + imag[2] * ar) + (real[3] * bi + imag[3] * br);
    }
};

#if defined(__SSE2__)
/// Doubles: one complex number per SSE2 register, [re, im], which halves
/// the instruction count: m * a = m.re * a + [-m.im, m.im] * swap(a).
template<>
struct HostMatrix2<double> {
    static constexpr Index amplitudes_per_unit = 1;
    __m128d real[4], signed_imag[4];
    explicit HostMatrix2(const Matrix2& m) {
        for (int e = 0; e < 4; ++e) {
            real[e] = _mm_set1_pd(m[e].real());
            signed_imag[e] = _mm_set_pd(m[e].imag(), -m[e].imag());
        }
    }

    void apply(double* lo, double* hi) const {
        const __m128d a = _mm_loadu_pd(lo), b = _mm_loadu_pd(hi);
        const __m128d a_swapped = _mm_shuffle_pd(a, a, 1), b_swapped = _mm_shuffle_pd(b, b, 1);
        const auto row = [&](int first) {
            return _mm_add_pd(_mm_add_pd(_mm_mul_pd(real[first], a), _mm_mul_pd(signed_imag[first], a_swapped)),
                              _mm_add_pd(_mm_mul_pd(real[first + 1], b), _mm_mul_pd(signed_imag[first + 1], b_swapped)));
        };
        _mm_storeu_pd(lo, row(0));
        _mm_storeu_pd(hi, row(2));
    }
};

/// Floats: the pair in one register, [lo.re, lo.im, hi.re, hi.im]; both
/// rows at once, each lane rounded as the generic form rounds it.
template<>
struct HostMatrix2<float> {
    static constexpr Index amplitudes_per_unit = 1;
    __m128 from_lo_real, from_lo_imag, from_hi_real, from_hi_imag;
    explicit HostMatrix2(const Matrix2& m) {
        const auto re = [&](int e) { return static_cast<float>(m[e].real()); };
        const auto im = [&](int e) { return static_cast<float>(m[e].imag()); };
        // Lanes (row 0 re, row 0 im, row 1 re, row 1 im); _mm_set_ps lists them from the last.
        from_lo_real = _mm_set_ps(re(2), re(2), re(0), re(0));
        from_lo_imag = _mm_set_ps(im(2), -im(2), im(0), -im(0));
        from_hi_real = _mm_set_ps(re(3), re(3), re(1), re(1));
        from_hi_imag = _mm_set_ps(im(3), -im(3), im(1), -im(1));
    }

    void apply(float* lo, float* hi) const {
        const __m128 a = _mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(lo)));
        const __m128 b = _mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(hi)));
        const __m128 a_twice = _mm_movelh_ps(a, a), b_twice = _mm_movelh_ps(b, b); // [re, im, re, im]
        const __m128 a_swapped = _mm_shuffle_ps(a_twice, a_twice, _MM_SHUFFLE(2, 3, 0, 1));
        const __m128 b_swapped = _mm_shuffle_ps(b_twice, b_twice, _MM_SHUFFLE(2, 3, 0, 1));
        const __m128 rows = _mm_add_ps(_mm_add_ps(_mm_mul_ps(from_lo_real, a_twice), _mm_mul_ps(from_lo_imag, a_swapped)),
                                       _mm_add_ps(_mm_mul_ps(from_hi_real, b_twice), _mm_mul_ps(from_hi_imag, b_swapped)));
        _mm_storel_pi(reinterpret_cast<__m64*>(lo), rows);
        _mm_storeh_pi(reinterpret_cast<__m64*>(hi), rows);
    }
};

/// Floats, two consecutive pairs at once (targets above 0): [a0.re, a0.im,
/// a1.re, a1.im] per register, each lane rounded as the generic form.
struct HostMatrix2TwoFloatPairs {
    static constexpr Index amplitudes_per_unit = 2;
    __m128 real[4], signed_imag[4];
    explicit HostMatrix2TwoFloatPairs(const Matrix2& m) {
        for (int e = 0; e < 4; ++e) {
            const float re = static_cast<float>(m[e].real()), im = static_cast<float>(m[e].imag());
            real[e] = _mm_set1_ps(re);
            signed_imag[e] = _mm_set_ps(im, -im, im, -im);
        }
    }

    void apply(float* lo, float* hi) const {
        const __m128 a = _mm_loadu_ps(lo), b = _mm_loadu_ps(hi);
        const __m128 a_swapped = _mm_shuffle_ps(a, a, _MM_SHUFFLE(2, 3, 0, 1));
        const __m128 b_swapped = _mm_shuffle_ps(b, b, _MM_SHUFFLE(2, 3, 0, 1));
        const auto row = [&](int first) {
            return _mm_add_ps(_mm_add_ps(_mm_mul_ps(real[first], a), _mm_mul_ps(signed_imag[first], a_swapped)),
                              _mm_add_ps(_mm_mul_ps(real[first + 1], b), _mm_mul_ps(signed_imag[first + 1], b_swapped)));
        };
        _mm_storeu_ps(lo, row(0));
        _mm_storeu_ps(hi, row(2));
    }
};
#endif

/// 2x2 matrix on `target`, host execution spaces, no controls.
///
/// Why not the plain pair loop: on one core it reached 0.51-0.73 of an
/// in-place read+write loop. Its read-modify-write stream, with this much
/// arithmetic per byte, does not keep enough memory requests in flight; for
/// targets < 8 both halves of every pair even lie in one 4 KiB page, a single
/// stream. Walking eight distant parts of the pair space at once gives the
/// core eight independent streams. Each stream starts 37 pairs further into
/// its part than the previous one, so the streams are not a multiple of 4 KiB
/// apart (without that, loads falsely wait on other streams' stores: 0.43 at
/// target 8). The SSE2 body halves the instruction count of the complex
/// arithmetic. Measured in docs/benchmarks.md.
///
/// Coefficients::apply updates `unit` consecutive amplitudes on each side of
/// a pair at once; in units, the target is bit target - log2(unit).
template<Index Streams, class Coefficients, class Real>
void apply_one_qubit_host_streams(const Chunk<Real>& chunk, unsigned target, const Matrix2& m) {
    constexpr Index unit = Coefficients::amplitudes_per_unit;
    const unsigned unit_target = unit == 2 ? target - 1 : target;
    const Index stride = Index{1} << unit_target;
    const Index per_stream = chunk.extent(0) / unit / 2 / Streams; // a power of two
    const Index tile = per_stream < 1024 ? per_stream : 1024;
    const Coefficients coefficients(m);
    Real* const data = reinterpret_cast<Real*>(chunk.data());
    Kokkos::parallel_for(
        "qzone::one_qubit_host", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, per_stream / tile),
        [=](const Index work) {
            // Local copies stay in registers. Read through the closure, each
            // capture is reloaded after every store (a store through a SIMD
            // type may alias it), which serialises the streams: 3-4x slower
            // where the closure is a heap object, as under Kokkos' OpenMP.
            const Coefficients local = coefficients;
            Real* const amplitudes = data;
            const unsigned bit = unit_target;
            const Index pair_stride = 2 * unit * stride, stream_length = per_stream, first = work * tile,
                        last = first + tile;
            for (Index k = first; k < last; ++k)
                for (Index s = 0; s < Streams; ++s) { // a constant trip count: unrolled
                    const Index pair = stream_unit(k, s, stream_length);
                    Real* const lo = amplitudes + 2 * unit * insert_zero_bit(pair, bit);
                    local.apply(lo, lo + pair_stride);
                }
        });
}

template<class Coefficients, class Real>
void apply_one_qubit_host_as(const Chunk<Real>& chunk, unsigned target, const Matrix2& m) {
    if (streams_for(chunk.extent(0) / Coefficients::amplitudes_per_unit / 2) == host_streams)
        apply_one_qubit_host_streams<host_streams, Coefficients>(chunk, target, m);
    else apply_one_qubit_host_streams<1, Coefficients>(chunk, target, m);
}

template<class Real>
void apply_one_qubit_host(const Chunk<Real>& chunk, unsigned target, const Matrix2& m) {
#if defined(__SSE2__)
    // Two float pairs fill an SSE register: half the instructions per byte.
    if constexpr (std::is_same_v<Real, float>)
        if (target >= 1) return apply_one_qubit_host_as<HostMatrix2TwoFloatPairs>(chunk, target, m);
#endif
    apply_one_qubit_host_as<HostMatrix2<Real>>(chunk, target, m);
}

/// 2x2 matrix on `target`; `pattern_with_target` fixes the target bit to 0
/// and the chunk-local controls to their states (a count of 1: no controls).
template<class Real>
void apply_one_qubit(const Chunk<Real>& chunk, unsigned target, const Matrix2& coefficients,
                     const BitPattern& pattern_with_target) {
    const Index stride = Index{1} << target;
    constexpr bool on_host = std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>;
    if (pattern_with_target.count == 1) {
        if constexpr (on_host) {
            apply_one_qubit_host(chunk, target, coefficients);
        } else {
            const auto m = to_real<Real>(coefficients);
            Kokkos::parallel_for(
                "qzone::one_qubit", chunk.extent(0) / 2, KOKKOS_LAMBDA(const Index k) {
                    const Index i0 = insert_zero_bit(k, target);
                    const Kokkos::complex<Real> a0 = chunk(i0), a1 = chunk(i0 + stride);
                    chunk(i0) = m[0] * a0 + m[1] * a1;
                    chunk(i0 + stride) = m[2] * a0 + m[3] * a1;
                });
        }
        return;
    }
    const auto m = to_real<Real>(coefficients);
    const BitPattern pattern = pattern_with_target;
    Kokkos::parallel_for(
        "qzone::one_qubit_controlled", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index i0 = pattern.expand(k);
            const Kokkos::complex<Real> a0 = chunk(i0), a1 = chunk(i0 + stride);
            chunk(i0) = m[0] * a0 + m[1] * a1;
            chunk(i0 + stride) = m[2] * a0 + m[3] * a1;
        });
}

/// 4x4 matrix on two distinct targets (matrix bit 0 = targets[0]).
template<class Real>
void apply_two_qubit(const Chunk<Real>& chunk, unsigned target0, unsigned target1, const Matrix4& coefficients,
                     const BitPattern& pattern_with_targets) {
    const auto m = to_real<Real>(coefficients);
    const Index b0 = Index{1} << target0, b1 = Index{1} << target1;
    const BitPattern pattern = pattern_with_targets;
    Kokkos::parallel_for(
        "qzone::two_qubit", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index i = pattern.expand(k);
            const Index at[4] = {i, i | b0, i | b1, i | b0 | b1};
            Kokkos::complex<Real> a[4];
            for (int r = 0; r < 4; ++r) a[r] = chunk(at[r]);
            for (int r = 0; r < 4; ++r)
                chunk(at[r]) = m[4 * r] * a[0] + m[4 * r + 1] * a[1] + m[4 * r + 2] * a[2] + m[4 * r + 3] * a[3];
        });
}

/// Dense 2^K x 2^K matrix (a View, row-major, already in Real) on K targets;
/// `offsets[j]` is the index offset of sub-index j (the sum of the target
/// bits set in j).
template<int K, class Real>
void apply_dense(const Chunk<Real>& chunk, const Kokkos::View<const Kokkos::complex<Real>*>& matrix,
                 const Kokkos::Array<Index, (1 << K)>& offsets, const BitPattern& pattern_with_targets) {
    constexpr int dim = 1 << K;
    const BitPattern pattern = pattern_with_targets;
    Kokkos::parallel_for(
        "qzone::dense", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index base = pattern.expand(k);
            Kokkos::complex<Real> a[dim];
            for (int c = 0; c < dim; ++c) a[c] = chunk(base + offsets[c]);
            for (int r = 0; r < dim; ++r) {
                Kokkos::complex<Real> sum = 0;
                for (int c = 0; c < dim; ++c) sum += matrix(r * dim + c) * a[c];
                chunk(base + offsets[r]) = sum;
            }
        });
}

/// Diagonal on any qubits (global ones included): amplitude with full index
/// `chunk_base | i` is multiplied by diagonal[sum_j bit(qubits[j]) << j] when
/// the full index matches `control_mask`/`control_value`. `diagonal` is in Real.
template<class Real>
void apply_diagonal(const Chunk<Real>& chunk, Index chunk_base, const Kokkos::View<const Kokkos::complex<Real>*>& diagonal,
                           const Kokkos::Array<unsigned, max_pattern_bits>& qubits, unsigned qubit_count,
                           Index control_mask, Index control_value) {
    Kokkos::parallel_for(
        "qzone::diagonal", chunk.extent(0), KOKKOS_LAMBDA(const Index i) {
            const Index full = chunk_base | i;
            if ((full & control_mask) != control_value) return;
            Index entry = 0;
            for (unsigned j = 0; j < qubit_count; ++j) entry |= ((full >> qubits[j]) & 1) << j;
            chunk(i) *= diagonal(entry);
        });
}

/// Swaps the amplitudes of two local qubits (|..0..1..> <-> |..1..0..>),
/// under the controls folded into `pattern_with_targets`.
template<class Real>
void swap_local(const Chunk<Real>& chunk, unsigned qubit_a, unsigned qubit_b, const BitPattern& pattern_with_targets) {
    const Index a = Index{1} << qubit_a, b = Index{1} << qubit_b;
    const BitPattern pattern = pattern_with_targets;
    Kokkos::parallel_for(
        "qzone::swap_local", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index i = pattern.expand(k);
            const Kokkos::complex<Real> t = chunk(i | a);
            chunk(i | a) = chunk(i | b);
            chunk(i | b) = t;
        });
}

} // namespace qzone::kernels

namespace qzone::kernels {

/// Multiplies amplitudes by `even` or `odd` by the parity of their full index
/// (chunk_base | i) under `parity_mask`, where the controls match: the
/// diagonal of exp(-i theta/2 Z...Z) without a 2^k table.
template<class Real>
void apply_parity_phase(const Chunk<Real>& chunk, Index chunk_base, Index parity_mask, Amplitude even_phase,
                        Amplitude odd_phase, Index control_mask, Index control_value) {
    const Kokkos::complex<Real> even = to_real<Real>(even_phase), odd = to_real<Real>(odd_phase);
    Kokkos::parallel_for(
        "qzone::parity_phase", chunk.extent(0), KOKKOS_LAMBDA(const Index i) {
            const Index full = chunk_base | i;
            if ((full & control_mask) != control_value) return;
            chunk(i) *= parity(full & parity_mask) ? odd : even;
        });
}

} // namespace qzone::kernels
