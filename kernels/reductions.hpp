#pragma once
// Read-only sums over one chunk: norms, probabilities, inner products and
// Pauli expectation terms. Each returns this chunk's share; the caller adds
// the shares of all chunks and ranks. Sums accumulate in double whatever the
// amplitudes' type: a single-precision state loses no more in its sums than
// a double one.

#include <cstdint>
#include <type_traits>
#include <utility>

#include "kernel_types.hpp"

namespace qzone::kernels {

/// In one pass over the chunk: the sum of |a_i|^2 over full indices
/// (chunk_base | i) whose bits under `mask` equal `value`, and the sum over
/// all i. Returned as (masked, total); both ride in one complex reduction,
/// which every Kokkos version reduces natively.
template<class Real>
std::pair<double, double> masked_and_total_probability(const Chunk<Real>& chunk, Index chunk_base, Index mask,
                                                       Index value) {
    Amplitude sums = 0; // real: masked, imaginary: total
    Kokkos::parallel_reduce(
        "qzone::masked_and_total_probability", chunk.extent(0),
        KOKKOS_LAMBDA(const Index i, Amplitude& partial) {
            const double p = squared_magnitude(chunk(i));
            partial += Amplitude(((chunk_base | i) & mask) == value ? p : 0.0, p);
        },
        sums);
    return {sums.real(), sums.imag()};
}

/// An amplitude with its parts widened to double.
template<class Real>
KOKKOS_INLINE_FUNCTION Amplitude widened(const Kokkos::complex<Real>& a) {
    return Amplitude(a.real(), a.imag());
}

/// sum_i conj(left[i]) * right[i].
template<class Real>
Amplitude inner_product(const Chunk<Real>& left, const Chunk<Real>& right) {
    Amplitude sum = 0;
    Kokkos::parallel_reduce(
        "qzone::inner_product", left.extent(0),
        KOKKOS_LAMBDA(const Index i, Amplitude& partial) {
            partial += Kokkos::conj(widened(left(i))) * widened(right(i));
        },
        sum);
    return sum;
}

namespace host_pauli {

/// The sign (-1)^parity(t & mask) of the 64 offsets of a run, 0 where
/// `skip_bit` (below 6) is set.
inline void run_signs(Index mask, unsigned skip_bit, double (&weight)[64]) {
    for (Index t = 0; t < 64; ++t) weight[t] = skip_bit < 6 && (t >> skip_bit & 1) ? 0.0 : (parity(t & mask) ? -1.0 : 1.0);
}

/// pauli_term on host memory when first, count and source_first are
/// multiples of 64: runs of 64 take their signs from a table and one sign
/// per run (see pair_sum), two real sums instead of a complex reduction.
template<class Real>
Amplitude term_sum(const Kokkos::complex<Real>* mine, Index chunk_base, Index first, Index count,
                   const Kokkos::complex<Real>* source, Index source_first, Index source_flip, Index flip,
                   Index parity_mask, Index chunk_size) {
    const Real* const a = reinterpret_cast<const Real*>(mine);
    const Real* const b = reinterpret_cast<const Real*>(source);
    const Index mask = parity_mask & (chunk_size - 1), flip_low = source_flip & 63, flip_runs = source_flip & ~Index{63};
    double weight[64];
    run_signs(mask, 64, weight);
    double total_real = 0, total_imag = 0;
    for (Index run = 0; run < count; run += 64) {
        const Real* const x = a + 2 * (first + run);
        const Real* const y = b + 2 * ((run + source_first) ^ flip_runs);
        double real = 0, imag = 0;
        for (Index t = 0; t < 64; ++t) {
            const Index u = t ^ flip_low;
            const double ar = x[2 * t], ai = x[2 * t + 1], br = y[2 * u], bi = y[2 * u + 1];
            real += weight[t] * (ar * br + ai * bi);
            imag += weight[t] * (ar * bi - ai * br);
        }
        const bool odd = parity((first + run) & mask);
        total_real += odd ? -real : real;
        total_imag += odd ? -imag : imag;
    }
    const double sign = parity((chunk_base ^ flip) & parity_mask) ? -1.0 : 1.0;
    return Amplitude(sign * total_real, sign * total_imag);
}

/// The pair sum of pauli_term_in_chunk on host memory, in runs of 64
/// amplitudes: with s0 the sign of the chunk's fixed bits, the sign of j is
/// s0 (-1)^parity(j & mask), a table for the run's low 6 bits times one sign
/// per run; a pair adds 2 Re(p) (c = 1) or 2i Im(p) (c = -1), so one real
/// sum and no popcount per amplitude. Chunks of at least 64 amplitudes.
template<class Real>
Amplitude pair_sum(const Kokkos::complex<Real>* chunk, Index size, Index chunk_base, Index flip, Index parity_mask,
                   unsigned top) {
    const Real* const a = reinterpret_cast<const Real*>(chunk);
    const Index mask = parity_mask & (size - 1), flip_low = flip & 63, flip_runs = flip & ~Index{63};
    const bool imaginary = parity(flip & parity_mask); // c = -1
    double weight[64];
    run_signs(mask, top, weight);
    double total = 0;
    for (Index run = 0; run < size; run += 64) {
        if (top >= 6 && (run >> top & 1)) continue; // these j are the partners of earlier ones
        const Real* const mine = a + 2 * run;
        const Real* const theirs = a + 2 * (run ^ flip_runs);
        double sum = 0;
        for (Index t = 0; t < 64; ++t) {
            const Index u = t ^ flip_low;
            const double ar = mine[2 * t], ai = mine[2 * t + 1], br = theirs[2 * u], bi = theirs[2 * u + 1];
            sum += weight[t] * (imaginary ? ar * bi - ai * br : ar * br + ai * bi);
        }
        total += parity(run & mask) ? -sum : sum;
    }
    const double value = 2 * (parity((chunk_base ^ flip) & parity_mask) ? -total : total);
    return imaginary ? Amplitude(0, value) : Amplitude(value, 0);
}

} // namespace host_pauli

/// sum_j conj(mine[first + j]) * sign_j * source[(j + source_first) ^ source_flip] for j < count, with
/// sign_j = (-1)^parity(((chunk_base | (first + j)) ^ flip) & parity_mask): a share of <psi|P|psi> for a
/// Pauli string P that flips the bits `flip` and takes signs from `parity_mask` (its Z and Y qubits),
/// before the factor i^(number of Y). With source = mine and source_flip = the chunk-local flip it is
/// a chunk's own term; with source = a piece its partner packed already flipped, the cross term.
template<class Real>
Amplitude pauli_term(const Chunk<Real>& mine, Index chunk_base, Index first, Index count, const Chunk<Real>& source,
                     Index source_first, Index source_flip, Index flip, Index parity_mask) {
    if constexpr (std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>)
        if (first % 64 == 0 && count % 64 == 0 && source_first % 64 == 0 && count > 0)
            return host_pauli::term_sum(mine.data(), chunk_base, first, count, source.data(), source_first,
                                        source_flip, flip, parity_mask, Index{mine.extent(0)});
    Amplitude sum = 0;
    Kokkos::parallel_reduce(
        "qzone::pauli_term", count,
        KOKKOS_LAMBDA(const Index j, Amplitude& partial) {
            const double sign = parity(((chunk_base | (first + j)) ^ flip) & parity_mask) ? -1.0 : 1.0;
            partial += sign * (Kokkos::conj(widened(mine(first + j))) * widened(source((j + source_first) ^ source_flip)));
        },
        sum);
    return sum;
}

/// pauli_term(chunk, chunk_base, 0, size, chunk, 0, flip, flip, parity_mask) for a flip inside the
/// chunk, visiting each pair (j, j ^ flip) once: with p = conj(a_j) a_{j^flip} the pair adds
/// sign_j (p + c conj(p)), c = (-1)^parity(flip & parity_mask), so it reads the chunk once and does
/// half the arithmetic. flip = 0 (a Z-only string) sums sign_j |a_j|^2. On host memory, chunks of
/// 64 amplitudes or more take host_pauli::pair_sum.
template<class Real>
Amplitude pauli_term_in_chunk(const Chunk<Real>& chunk, Index chunk_base, Index flip, Index parity_mask) {
    Amplitude sum = 0;
    if (flip == 0) {
        double real = 0;
        Kokkos::parallel_reduce(
            "qzone::pauli_term_diagonal", chunk.extent(0),
            KOKKOS_LAMBDA(const Index j, double& partial) {
                const double p = squared_magnitude(chunk(j));
                partial += parity((chunk_base | j) & parity_mask) ? -p : p;
            },
            real);
        return real;
    }
    unsigned top = 0;
    while (flip >> (top + 1)) ++top;
    if constexpr (std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>)
        if (chunk.extent(0) >= 64) return host_pauli::pair_sum(chunk.data(), chunk.extent(0), chunk_base, flip,
                                                               parity_mask, top);
    const double c = parity(flip & parity_mask) ? -1.0 : 1.0;
    Kokkos::parallel_reduce(
        "qzone::pauli_term_pairs", chunk.extent(0) / 2,
        KOKKOS_LAMBDA(const Index k, Amplitude& partial) {
            const Index j = insert_zero_bit(k, top);
            const Amplitude p = Kokkos::conj(widened(chunk(j))) * widened(chunk(j ^ flip));
            const double sign = parity(((chunk_base | j) ^ flip) & parity_mask) ? -1.0 : 1.0;
            partial += Amplitude(sign * (p.real() + c * p.real()), sign * (p.imag() - c * p.imag()));
        },
        sum);
    return sum;
}

} // namespace qzone::kernels

namespace qzone::kernels {

/// histogram[sum_j bit(qubits[j]) << j] += |a_i|^2 over the chunk, bits taken
/// from the full index chunk_base | i.
template<class Real>
void accumulate_marginal(const Chunk<Real>& chunk, Index chunk_base,
                         const Kokkos::Array<unsigned, max_pattern_bits>& qubits, unsigned count,
                         const Kokkos::View<double*>& histogram) {
    Kokkos::parallel_for(
        "qzone::marginal", chunk.extent(0), KOKKOS_LAMBDA(const Index i) {
            const Index full = chunk_base | i;
            Index entry = 0;
            for (unsigned j = 0; j < count; ++j) entry |= ((full >> qubits[j]) & 1) << j;
            Kokkos::atomic_add(&histogram(entry), squared_magnitude(chunk(i)));
        });
}

/// Sampling's integer probabilities: |a|^2 in whole units of 2^-56
/// (truncated), from a double square (exact for float parts). Sums of
/// integers do not depend on their order: any rank count, placement or
/// device adds up the same masses.
inline constexpr double mass_units = 0x1p56;
template<class Real>
KOKKOS_INLINE_FUNCTION std::uint64_t probability_mass(const Kokkos::complex<Real>& a) {
    return static_cast<std::uint64_t>(squared_magnitude(a) * mass_units);
}

/// The value of a group of qubits from a stored offset inside a chunk: one
/// table of 2^table_bits entries per table_bits stored bits, lowest first,
/// whose entries OR together (`entries` in the memory the caller reads).
struct GroupTables {
    static constexpr unsigned table_bits = 11;
    const Index* entries = nullptr;
    unsigned tables = 0;

    KOKKOS_INLINE_FUNCTION Index group_of(Index offset) const {
        Index value = 0;
        for (unsigned t = 0; t < tables; ++t, offset >>= table_bits)
            value |= entries[(Index{t} << table_bits) + (offset & ((Index{1} << table_bits) - 1))];
        return value;
    }
};

/// row[chunk_group | group.group_of(offset)] += probability_mass(chunk[offset])
/// for every offset `pattern` selects (tables and row in the default memory
/// space): sampling's histogram where amplitudes live on a device. Integer
/// atomics: the same sums as the host's loop, in any order.
template<class Real>
void add_group_masses(const Chunk<Real>& chunk, const BitPattern& pattern, const GroupTables& group, Index chunk_group,
                      const Kokkos::View<std::uint64_t*>& row) {
    Kokkos::parallel_for(
        "qzone::group_masses", chunk.extent(0) >> pattern.count, KOKKOS_LAMBDA(const Index k) {
            const Index offset = pattern.expand(k);
            Kokkos::atomic_add(&row(chunk_group | group.group_of(offset)), probability_mass(chunk(offset)));
        });
}

} // namespace qzone::kernels
