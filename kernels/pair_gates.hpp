#pragma once
// Kernels that move amplitudes between two chunks (or a chunk and a received
// piece of its partner), for exchange stages and partner reads. Amplitudes
// are paired by a BitPattern rank k: the k-th selected index of one side
// goes with the k-th selected index of the other.

#include "kernel_types.hpp"

namespace qzone::kernels {

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

/// chunk[selection.expand(first + j)] = received[j].
template<class Real>
void unpack(const Chunk<Real>& chunk, const BitPattern& selection, Index first, Index count,
            const Chunk<Real>& received) {
    Kokkos::parallel_for(
        "qzone::unpack", count,
        KOKKOS_LAMBDA(const Index j) { chunk(selection.expand(first + j)) = received(j); });
}

} // namespace qzone::kernels
