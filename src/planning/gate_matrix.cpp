#include "gate_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <runtime/pauli.hpp>

namespace qzone::planning {
namespace {

using Index = std::uint64_t;

/// Bit j of the result is bit position_of(qubits_of_gate[j]) of `index`.
Index gather_bits(Index index, const std::vector<unsigned>& gate_qubits, const std::vector<unsigned>& qubits) {
    Index value = 0;
    for (std::size_t j = 0; j < gate_qubits.size(); ++j) {
        const auto at = std::find(qubits.begin(), qubits.end(), gate_qubits[j]) - qubits.begin();
        value |= (index >> at & 1) << j;
    }
    return value;
}

/// `index` with the bits of `gate_qubits` replaced by `value`.
Index scatter_bits(Index index, Index value, const std::vector<unsigned>& gate_qubits,
                   const std::vector<unsigned>& qubits) {
    for (std::size_t j = 0; j < gate_qubits.size(); ++j) {
        const auto at = std::find(qubits.begin(), qubits.end(), gate_qubits[j]) - qubits.begin();
        index = (index & ~(Index{1} << at)) | ((value >> j & 1) << at);
    }
    return index;
}

bool controls_hold(const Gate& gate, Index column, const std::vector<unsigned>& qubits) {
    for (std::size_t j = 0; j < gate.controls.size(); ++j)
        if (static_cast<int>(gather_bits(column, {gate.controls[j]}, qubits)) != gate.control_states[j]) return false;
    return true;
}

/// The targets' own matrix (2^t x 2^t) of a matrix, diagonal, swap or Pauli rotation gate.
Matrix target_matrix(const Gate& gate) {
    const std::size_t t = gate.targets.size(), dim = std::size_t{1} << t;
    Matrix m(dim * dim, 0.0);
    switch (gate.kind) {
    case GateKind::matrix: return gate.matrix;
    case GateKind::diagonal:
        for (std::size_t i = 0; i < dim; ++i) m[i * dim + i] = gate.matrix[i];
        return m;
    case GateKind::swap:
        for (std::size_t i = 0; i < dim; ++i) {
            const std::size_t swapped = ((i & 1) << 1) | (i >> 1 & 1);
            m[swapped * dim + i] = 1.0;
        }
        return m;
    case GateKind::pauli_rotation: {
        // exp(-i a/2 P) = cos(a/2) I - i sin(a/2) P, on matrix bits 0..t-1.
        std::vector<unsigned> bits(t);
        for (unsigned j = 0; j < t; ++j) bits[j] = j;
        const PauliAction p = pauli_action(gate.paulis, bits);
        const std::complex<double> c = std::cos(gate.angle / 2), s = std::complex<double>(0, -std::sin(gate.angle / 2));
        for (Index y = 0; y < dim; ++y) {
            m[y * dim + y] += c;
            const double sign = __builtin_popcountll(y & p.sign_mask) % 2 ? -1.0 : 1.0;
            m[(y ^ p.flip) * dim + y] += s * p.factor * sign;
        }
        return m;
    }
    }
    return m;
}

} // namespace

bool is_diagonal(const Gate& gate) {
    if (gate.kind == GateKind::diagonal) return true;
    if (gate.kind != GateKind::pauli_rotation) return false;
    return std::all_of(gate.paulis.begin(), gate.paulis.end(), [](char letter) { return letter == 'Z' || letter == 'I'; });
}

bool is_permutation_with_phases(const Matrix& matrix, std::size_t dim) {
    std::vector<unsigned> in_column(dim, 0);
    for (std::size_t row = 0; row < dim; ++row) {
        unsigned in_row = 0;
        for (std::size_t column = 0; column < dim; ++column)
            if (matrix[row * dim + column] != 0.0) ++in_row, ++in_column[column];
        if (in_row != 1) return false;
    }
    return std::all_of(in_column.begin(), in_column.end(), [](unsigned n) { return n == 1; });
}

bool is_permutation_with_phases(const Gate& gate) {
    if (is_diagonal(gate)) return true;
    const std::vector<unsigned> qubits = qubits_of(gate);
    return is_permutation_with_phases(matrix_on(gate, qubits), std::size_t{1} << qubits.size());
}

std::vector<unsigned> qubits_of(const Gate& gate) {
    std::vector<unsigned> all = gate.targets;
    all.insert(all.end(), gate.controls.begin(), gate.controls.end());
    return all;
}

Matrix matrix_on(const Gate& gate, const std::vector<unsigned>& qubits) {
    const std::size_t dim = std::size_t{1} << qubits.size(), sub = std::size_t{1} << gate.targets.size();
    const Matrix own = target_matrix(gate);
    Matrix m(dim * dim, 0.0);
    for (Index column = 0; column < dim; ++column) {
        if (!controls_hold(gate, column, qubits)) {
            m[column * dim + column] = 1.0;
            continue;
        }
        const Index in = gather_bits(column, gate.targets, qubits);
        for (Index out = 0; out < sub; ++out) {
            const std::complex<double> entry = own[out * sub + in];
            if (entry != 0.0) m[scatter_bits(column, out, gate.targets, qubits) * dim + column] = entry;
        }
    }
    return m;
}

std::vector<std::complex<double>> diagonal_on(const Gate& gate, const std::vector<unsigned>& qubits) {
    const std::size_t dim = std::size_t{1} << qubits.size();
    const Matrix own = target_matrix(gate);
    const std::size_t sub = std::size_t{1} << gate.targets.size();
    std::vector<std::complex<double>> d(dim, 1.0);
    for (Index i = 0; i < dim; ++i)
        if (controls_hold(gate, i, qubits)) {
            const Index in = gather_bits(i, gate.targets, qubits);
            d[i] = own[in * sub + in];
        }
    return d;
}

Matrix multiply(const Matrix& left, const Matrix& right, std::size_t dim) {
    Matrix product(dim * dim, 0.0);
    for (std::size_t r = 0; r < dim; ++r)
        for (std::size_t k = 0; k < dim; ++k) {
            const std::complex<double> l = left[r * dim + k];
            if (l == 0.0) continue;
            for (std::size_t c = 0; c < dim; ++c) product[r * dim + c] += l * right[k * dim + c];
        }
    return product;
}

} // namespace qzone::planning

namespace qzone::planning {

std::vector<unsigned> qubits_needed_in_chunks(const Gate& gate) {
    switch (gate.kind) {
    case GateKind::matrix: return gate.targets;
    case GateKind::pauli_rotation: {
        std::vector<unsigned> flipped;
        for (std::size_t j = 0; j < gate.targets.size(); ++j)
            if (gate.paulis[j] == 'X' || gate.paulis[j] == 'Y') flipped.push_back(gate.targets[j]);
        return flipped;
    }
    case GateKind::diagonal:
    case GateKind::swap: return {};
    }
    return {};
}

} // namespace qzone::planning
