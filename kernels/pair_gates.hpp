#pragma once
// Kernels that combine two chunks (or a chunk and a received piece of its
// partner), for gates on a qubit that lies between chunks. Amplitudes are
// paired by a BitPattern rank k: the k-th selected index of one side goes
// with the k-th selected index of the other.

#include "kernel_types.hpp"

namespace qzone::kernels {

/// Both chunks of a pair in memory: (low[i], high[i]) <- m * (low[i], high[i])
/// for the selected i of ranks [first, first + count). `low` is the chunk
/// whose target bit is 0.
template<class Real>
void apply_pair_matrix(const Chunk<Real>& low, const Chunk<Real>& high, const Matrix2& coefficients,
                       const BitPattern& selection, Index first, Index count) {
    const auto m = to_real<Real>(coefficients);
    Kokkos::parallel_for(
        "qzone::pair_matrix", count, KOKKOS_LAMBDA(const Index k) {
            const Index i = selection.expand(first + k);
            const Kokkos::complex<Real> a0 = low(i), a1 = high(i);
            low(i) = m[0] * a0 + m[1] * a1;
            high(i) = m[2] * a0 + m[3] * a1;
        });
}

/// Both chunks in memory: swaps a[select_a(k)] with b[select_b(k)] for k in
/// [first, first + count).
template<class Real>
void swap_between(const Chunk<Real>& a, const BitPattern& select_a, const Chunk<Real>& b, const BitPattern& select_b,
                  Index first, Index count) {
    Kokkos::parallel_for(
        "qzone::swap_between", count, KOKKOS_LAMBDA(const Index k) {
            const Index i = select_a.expand(first + k), j = select_b.expand(first + k);
            const Kokkos::complex<Real> t = a(i);
            a(i) = b(j);
            b(j) = t;
        });
}

/// buffer[j] = chunk[selection.expand(first + j) ^ flip] for j < count.
template<class Real>
void pack(const Chunk<Real>& chunk, const BitPattern& selection, Index flip, Index first, Index count,
          const Chunk<Real>& buffer) {
    Kokkos::parallel_for(
        "qzone::pack", count,
        KOKKOS_LAMBDA(const Index j) { buffer(j) = chunk(selection.expand(first + j) ^ flip); });
}

/// chunk[i] = mine * chunk[i] + theirs * received[j], i = selection.expand(first + j):
/// this rank's row of a 2x2 matrix whose other half lives on the partner.
template<class Real>
void combine_row(const Chunk<Real>& chunk, const BitPattern& selection, Index first, Index count,
                 const Chunk<Real>& received, Amplitude mine_coefficient, Amplitude theirs_coefficient) {
    const Kokkos::complex<Real> mine = to_real<Real>(mine_coefficient), theirs = to_real<Real>(theirs_coefficient);
    Kokkos::parallel_for(
        "qzone::combine_row", count, KOKKOS_LAMBDA(const Index j) {
            const Index i = selection.expand(first + j);
            chunk(i) = mine * chunk(i) + theirs * received(j);
        });
}

/// chunk[selection.expand(first + j)] = received[j].
template<class Real>
void unpack(const Chunk<Real>& chunk, const BitPattern& selection, Index first, Index count,
            const Chunk<Real>& received) {
    Kokkos::parallel_for(
        "qzone::unpack", count,
        KOKKOS_LAMBDA(const Index j) { chunk(selection.expand(first + j)) = received(j); });
}

} // namespace qzone::kernels
