#pragma once
// Gates whose targets all lie inside one chunk. Each kernel updates one chunk
// in place; `fixed` holds the chunk-local controls (position and required
// value). Matrix index bit j stands for targets[j].

#include <type_traits>

#include "kernel_types.hpp"

namespace qzone::kernels {

/// 2x2 matrix on `target`, host execution spaces, no controls. Pairs are
/// visited as runs: amplitudes [r, r + stride) meet [r + stride, r + 2 stride),
/// and a tile of a run is a unit-stride loop over doubles that the compiler
/// vectorizes. (The flat insert-a-bit loop reaches about 0.6-0.7 of the
/// machine's in-place bandwidth; this about 0.85 for targets >= 8.)
inline void apply_one_qubit_host_runs(const ChunkView& chunk, unsigned target, const Matrix2& m) {
    const Index stride = Index{1} << target;
    const Index tile = stride < 2048 ? stride : 2048; // pairs per parallel work item; divides stride
    const double m0r = m[0].real(), m0i = m[0].imag(), m1r = m[1].real(), m1i = m[1].imag();
    const double m2r = m[2].real(), m2i = m[2].imag(), m3r = m[3].real(), m3i = m[3].imag();
    double* const data = reinterpret_cast<double*>(chunk.data());
    Kokkos::parallel_for(
        "qzone::one_qubit_runs", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, chunk.extent(0) / 2 / tile),
        [=](const Index t) {
            double* const lo = data + 2 * insert_zero_bit(t * tile, target);
            double* const hi = lo + 2 * stride;
            for (Index j = 0; j < 2 * tile; j += 2) {
                const double ar = lo[j], ai = lo[j + 1], br = hi[j], bi = hi[j + 1];
                // Grouped exactly as Kokkos::complex computes m0*a0 + m1*a1, so
                // every path of a gate rounds alike (results do not depend on
                // whether the target is local or global).
                lo[j] = (m0r * ar - m0i * ai) + (m1r * br - m1i * bi);
                lo[j + 1] = (m0r * ai + m0i * ar) + (m1r * bi + m1i * br);
                hi[j] = (m2r * ar - m2i * ai) + (m3r * br - m3i * bi);
                hi[j + 1] = (m2r * ai + m2i * ar) + (m3r * bi + m3i * br);
            }
        });
}

/// 2x2 matrix on `target` under the chunk-local `controls`.
inline void apply_one_qubit(const ChunkView& chunk, unsigned target, const Matrix2& m, const BitPattern& controls) {
    const Index stride = Index{1} << target;
    constexpr bool on_host = std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>;
    if (controls.count == 0) {
        if constexpr (on_host) {
            apply_one_qubit_host_runs(chunk, target, m);
        } else {
            Kokkos::parallel_for(
                "qzone::one_qubit", chunk.extent(0) / 2, KOKKOS_LAMBDA(const Index k) {
                    const Index i0 = insert_zero_bit(k, target);
                    const Amplitude a0 = chunk(i0), a1 = chunk(i0 + stride);
                    chunk(i0) = m[0] * a0 + m[1] * a1;
                    chunk(i0 + stride) = m[2] * a0 + m[3] * a1;
                });
        }
        return;
    }
    BitPattern pattern = controls;
    unsigned at = pattern.count++;
    while (at > 0 && pattern.positions[at - 1] > target) {
        pattern.positions[at] = pattern.positions[at - 1];
        --at;
    }
    pattern.positions[at] = target;
    Kokkos::parallel_for(
        "qzone::one_qubit_controlled", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index i0 = pattern.expand(k);
            const Amplitude a0 = chunk(i0), a1 = chunk(i0 + stride);
            chunk(i0) = m[0] * a0 + m[1] * a1;
            chunk(i0 + stride) = m[2] * a0 + m[3] * a1;
        });
}

/// 4x4 matrix on two distinct targets (matrix bit 0 = targets[0]).
inline void apply_two_qubit(const ChunkView& chunk, unsigned target0, unsigned target1, const Matrix4& m,
                            const BitPattern& pattern_with_targets) {
    const Index b0 = Index{1} << target0, b1 = Index{1} << target1;
    const BitPattern pattern = pattern_with_targets;
    Kokkos::parallel_for(
        "qzone::two_qubit", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index i = pattern.expand(k);
            const Index at[4] = {i, i | b0, i | b1, i | b0 | b1};
            Amplitude a[4];
            for (int r = 0; r < 4; ++r) a[r] = chunk(at[r]);
            for (int r = 0; r < 4; ++r)
                chunk(at[r]) = m[4 * r] * a[0] + m[4 * r + 1] * a[1] + m[4 * r + 2] * a[2] + m[4 * r + 3] * a[3];
        });
}

/// Dense 2^K x 2^K matrix (a View, row-major) on K targets; `offsets[j]` is
/// the index offset of sub-index j (the sum of the target bits set in j).
template<int K>
void apply_dense(const ChunkView& chunk, const Kokkos::View<const Amplitude*>& matrix,
                 const Kokkos::Array<Index, (1 << K)>& offsets, const BitPattern& pattern_with_targets) {
    constexpr int dim = 1 << K;
    const BitPattern pattern = pattern_with_targets;
    Kokkos::parallel_for(
        "qzone::dense", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index base = pattern.expand(k);
            Amplitude a[dim];
            for (int c = 0; c < dim; ++c) a[c] = chunk(base + offsets[c]);
            for (int r = 0; r < dim; ++r) {
                Amplitude sum = 0;
                for (int c = 0; c < dim; ++c) sum += matrix(r * dim + c) * a[c];
                chunk(base + offsets[r]) = sum;
            }
        });
}

/// Diagonal on any qubits (global ones included): amplitude with full index
/// `chunk_base | i` is multiplied by diagonal[sum_j bit(qubits[j]) << j] when
/// the full index matches `control_mask`/`control_value`.
inline void apply_diagonal(const ChunkView& chunk, Index chunk_base, const Kokkos::View<const Amplitude*>& diagonal,
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
inline void swap_local(const ChunkView& chunk, unsigned qubit_a, unsigned qubit_b,
                       const BitPattern& pattern_with_targets) {
    const Index a = Index{1} << qubit_a, b = Index{1} << qubit_b;
    const BitPattern pattern = pattern_with_targets;
    Kokkos::parallel_for(
        "qzone::swap_local", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index i = pattern.expand(k);
            const Amplitude t = chunk(i | a);
            chunk(i | a) = chunk(i | b);
            chunk(i | b) = t;
        });
}

} // namespace qzone::kernels

namespace qzone::kernels {

/// Multiplies amplitudes by `even` or `odd` by the parity of their full index
/// (chunk_base | i) under `parity_mask`, where the controls match: the
/// diagonal of exp(-i theta/2 Z...Z) without a 2^k table.
inline void apply_parity_phase(const ChunkView& chunk, Index chunk_base, Index parity_mask, Amplitude even,
                               Amplitude odd, Index control_mask, Index control_value) {
    Kokkos::parallel_for(
        "qzone::parity_phase", chunk.extent(0), KOKKOS_LAMBDA(const Index i) {
            const Index full = chunk_base | i;
            if ((full & control_mask) != control_value) return;
            chunk(i) *= parity(full & parity_mask) ? odd : even;
        });
}

} // namespace qzone::kernels
