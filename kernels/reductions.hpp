#pragma once
// Read-only sums over one chunk: norms, probabilities, inner products and
// Pauli expectation terms. Each returns this chunk's share; the caller adds
// the shares of all chunks and ranks.

#include <utility>

#include "kernel_types.hpp"

namespace qzone::kernels {

/// In one pass over the chunk: the sum of |a_i|^2 over full indices
/// (chunk_base | i) whose bits under `mask` equal `value`, and the sum over
/// all i. Returned as (masked, total); both ride in one complex reduction,
/// which every Kokkos version reduces natively.
inline std::pair<double, double> masked_and_total_probability(const ChunkView& chunk, Index chunk_base, Index mask,
                                                              Index value) {
    Amplitude sums = 0; // real: masked, imaginary: total
    Kokkos::parallel_reduce(
        "qzone::masked_and_total_probability", chunk.extent(0),
        KOKKOS_LAMBDA(const Index i, Amplitude& partial) {
            const double p = Kokkos::real(chunk(i) * Kokkos::conj(chunk(i)));
            partial += Amplitude(((chunk_base | i) & mask) == value ? p : 0.0, p);
        },
        sums);
    return {sums.real(), sums.imag()};
}

/// sum_i conj(left[i]) * right[i].
inline Amplitude inner_product(const ChunkView& left, const ChunkView& right) {
    Amplitude sum = 0;
    Kokkos::parallel_reduce(
        "qzone::inner_product", left.extent(0),
        KOKKOS_LAMBDA(const Index i, Amplitude& partial) { partial += Kokkos::conj(left(i)) * right(i); }, sum);
    return sum;
}

/// sum_j conj(mine[first + j]) * sign_j * source[(j + source_first) ^ source_flip] for j < count, with
/// sign_j = (-1)^parity(((chunk_base | (first + j)) ^ flip) & parity_mask): a share of <psi|P|psi> for a
/// Pauli string P that flips the bits `flip` and takes signs from `parity_mask` (its Z and Y qubits),
/// before the factor i^(number of Y). With source = mine and source_flip = the chunk-local flip it is
/// a chunk's own term; with source = a piece its partner packed already flipped, the cross term.
inline Amplitude pauli_term(const ChunkView& mine, Index chunk_base, Index first, Index count, const ChunkView& source,
                            Index source_first, Index source_flip, Index flip, Index parity_mask) {
    Amplitude sum = 0;
    Kokkos::parallel_reduce(
        "qzone::pauli_term", count,
        KOKKOS_LAMBDA(const Index j, Amplitude& partial) {
            const double sign = parity(((chunk_base | (first + j)) ^ flip) & parity_mask) ? -1.0 : 1.0;
            partial += sign * (Kokkos::conj(mine(first + j)) * source((j + source_first) ^ source_flip));
        },
        sum);
    return sum;
}

} // namespace qzone::kernels

namespace qzone::kernels {

/// histogram[sum_j bit(qubits[j]) << j] += |a_i|^2 over the chunk, bits taken
/// from the full index chunk_base | i.
inline void accumulate_marginal(const ChunkView& chunk, Index chunk_base,
                                const Kokkos::Array<unsigned, max_pattern_bits>& qubits, unsigned count,
                                const Kokkos::View<double*>& histogram) {
    Kokkos::parallel_for(
        "qzone::marginal", chunk.extent(0), KOKKOS_LAMBDA(const Index i) {
            const Index full = chunk_base | i;
            Index entry = 0;
            for (unsigned j = 0; j < count; ++j) entry |= ((full >> qubits[j]) & 1) << j;
            Kokkos::atomic_add(&histogram(entry), Kokkos::real(chunk(i) * Kokkos::conj(chunk(i))));
        });
}

} // namespace qzone::kernels
