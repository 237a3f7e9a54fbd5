#pragma once
// Private (planning layer): the matrix of any gate on a list of qubits that
// contains all of its qubits, controls folded in. Host arithmetic on small
// matrices; the same numbers on every rank.

#include <complex>
#include <vector>

#include <runtime/gate.hpp>

namespace qzone::planning {

using Matrix = std::vector<std::complex<double>>; ///< row-major, 2^k x 2^k; index bit j = qubits[j]

/// Whether `gate` multiplies each basis state by a phase (diagonal gates,
/// and Pauli rotations made of Z and I only).
bool is_diagonal(const Gate& gate);

/// Whether `matrix` (dim x dim) has exactly one nonzero entry in each row
/// and column: a permutation of the basis states, each times a phase (X,
/// CX, CCX, SWAP, diagonal gates, and their products). Products of such
/// matrices are such matrices exactly (their zeros stay exact zeros).
bool is_permutation_with_phases(const Matrix& matrix, std::size_t dim);

/// is_permutation_with_phases of `gate`'s matrix on its own qubits.
bool is_permutation_with_phases(const Gate& gate);

/// The qubits `gate` acts on: targets and controls.
std::vector<unsigned> qubits_of(const Gate& gate);

/// The 2^k x 2^k matrix of `gate` on `qubits` (k = qubits.size()).
Matrix matrix_on(const Gate& gate, const std::vector<unsigned>& qubits);

/// The 2^k diagonal of a diagonal `gate` on `qubits`.
std::vector<std::complex<double>> diagonal_on(const Gate& gate, const std::vector<unsigned>& qubits);

/// left * right, both dim x dim.
Matrix multiply(const Matrix& left, const Matrix& right, std::size_t dim);

} // namespace qzone::planning

namespace qzone::planning {

/// The qubits of `gate` that its kernel needs inside chunks: the targets of
/// matrix gates, the X and Y qubits of Pauli rotations, none for diagonal
/// gates and swaps (those work across chunks).
std::vector<unsigned> qubits_needed_in_chunks(const Gate& gate);

} // namespace qzone::planning
