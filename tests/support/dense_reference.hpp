#pragma once
// An independent dense simulator for small n: every gate becomes its full
// 2^n x 2^n matrix, built from the gate's definition (Kronecker products
// for Pauli strings), and multiplies the whole state vector. Shares no code
// with the engine; only the Gate value (the gate's definition) is common.

#include <complex>
#include <cstdint>
#include <random>
#include <vector>

#include <runtime/errors.hpp>
#include <runtime/gate.hpp>

namespace qzone::testing {

using Complex = std::complex<double>;

/// Row-major square matrix.
struct DenseMatrix {
    std::size_t dim = 0;
    std::vector<Complex> entries;

    explicit DenseMatrix(std::size_t dimension) : dim(dimension), entries(dimension * dimension) {}
    static DenseMatrix identity(std::size_t dimension) {
        DenseMatrix m(dimension);
        for (std::size_t i = 0; i < dimension; ++i) m(i, i) = 1;
        return m;
    }
    Complex& operator()(std::size_t r, std::size_t c) { return entries[r * dim + c]; }
    Complex operator()(std::size_t r, std::size_t c) const { return entries[r * dim + c]; }
};

/// a (x) b: `a` acts on the higher bits.
inline DenseMatrix kron(const DenseMatrix& a, const DenseMatrix& b) {
    DenseMatrix m(a.dim * b.dim);
    for (std::size_t ar = 0; ar < a.dim; ++ar)
        for (std::size_t ac = 0; ac < a.dim; ++ac)
            for (std::size_t br = 0; br < b.dim; ++br)
                for (std::size_t bc = 0; bc < b.dim; ++bc) m(ar * b.dim + br, ac * b.dim + bc) = a(ar, ac) * b(br, bc);
    return m;
}

inline DenseMatrix pauli_matrix(char letter) {
    DenseMatrix m(2);
    switch (letter) {
    case 'I': m = DenseMatrix::identity(2); break;
    case 'X': m(0, 1) = m(1, 0) = 1; break;
    case 'Y': m(0, 1) = Complex(0, -1); m(1, 0) = Complex(0, 1); break;
    case 'Z': m(0, 0) = 1; m(1, 1) = -1; break;
    default: throw qzone::InputError("not a Pauli letter");
    }
    return m;
}

/// The Pauli string as a full matrix: qubit n-1 leftmost in the product.
inline DenseMatrix pauli_string_matrix(unsigned n, const std::vector<unsigned>& qubits, const std::string& letters) {
    std::string per_qubit(n, 'I');
    for (std::size_t j = 0; j < qubits.size(); ++j) per_qubit[qubits[j]] = letters[j];
    DenseMatrix m = DenseMatrix::identity(1);
    for (unsigned q = n; q-- > 0;) m = kron(m, pauli_matrix(per_qubit[q]));
    return m;
}

/// Bits of `index` on `qubits`, packed (bit j = qubits[j]).
inline std::size_t bits_on(std::size_t index, const std::vector<unsigned>& qubits) {
    std::size_t packed = 0;
    for (std::size_t j = 0; j < qubits.size(); ++j) packed |= (index >> qubits[j] & 1) << j;
    return packed;
}

/// The full matrix of `gate` on n qubits, from its definition.
inline DenseMatrix full_matrix(const Gate& gate, unsigned n) {
    const std::size_t dim = std::size_t{1} << n;
    const auto controls_hold = [&](std::size_t index) {
        for (std::size_t j = 0; j < gate.controls.size(); ++j)
            if (static_cast<int>(index >> gate.controls[j] & 1) != gate.control_states[j]) return false;
        return true;
    };
    DenseMatrix op(dim);
    if (gate.kind == GateKind::pauli_rotation) {
        // exp(-i t/2 P) = cos(t/2) I - i sin(t/2) P, since P^2 = I.
        const DenseMatrix p = pauli_string_matrix(n, gate.targets, gate.paulis);
        for (std::size_t r = 0; r < dim; ++r)
            for (std::size_t c = 0; c < dim; ++c)
                op(r, c) = (r == c ? std::cos(gate.angle / 2) : 0.0) - Complex(0, std::sin(gate.angle / 2)) * p(r, c);
    } else {
        for (std::size_t c = 0; c < dim; ++c) {
            const std::size_t sub = bits_on(c, gate.targets);
            std::size_t rest = c;
            for (unsigned t : gate.targets) rest &= ~(std::size_t{1} << t);
            const std::size_t k = gate.targets.size();
            for (std::size_t out = 0; out < (std::size_t{1} << k); ++out) {
                std::size_t r = rest;
                for (std::size_t j = 0; j < k; ++j) r |= (out >> j & 1) << gate.targets[j];
                Complex value;
                switch (gate.kind) {
                case GateKind::matrix: value = gate.matrix[out * (std::size_t{1} << k) + sub]; break;
                case GateKind::diagonal: value = out == sub ? gate.matrix[sub] : 0.0; break;
                case GateKind::swap: value = (out == ((sub & 1) << 1 | sub >> 1)) ? 1.0 : 0.0; break;
                default: break;
                }
                op(r, c) = value;
            }
        }
    }
    // Where a control does not hold, the gate is the identity.
    for (std::size_t c = 0; c < dim; ++c)
        if (!controls_hold(c))
            for (std::size_t r = 0; r < dim; ++r) op(r, c) = r == c ? 1.0 : 0.0;
    return op;
}

/// A state vector evolved by full matrices.
class DenseState {
public:
    explicit DenseState(unsigned n) : n_(n), amplitudes_(std::size_t{1} << n) { amplitudes_[0] = 1; }

    void apply(const Gate& gate) {
        const DenseMatrix op = full_matrix(gate, n_);
        std::vector<Complex> next(amplitudes_.size());
        for (std::size_t r = 0; r < op.dim; ++r)
            for (std::size_t c = 0; c < op.dim; ++c) next[r] += op(r, c) * amplitudes_[c];
        amplitudes_ = std::move(next);
    }

    const std::vector<Complex>& amplitudes() const { return amplitudes_; }
    std::vector<Complex>& amplitudes() { return amplitudes_; }

private:
    unsigned n_;
    std::vector<Complex> amplitudes_;
};

/// A Haar-ish random unitary: Gram-Schmidt on a random complex matrix.
inline std::vector<Complex> random_unitary(std::size_t dim, std::mt19937_64& rng) {
    std::normal_distribution<double> normal;
    std::vector<std::vector<Complex>> rows(dim, std::vector<Complex>(dim));
    for (auto& row : rows)
        for (auto& x : row) x = {normal(rng), normal(rng)};
    for (std::size_t i = 0; i < dim; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            Complex dot = 0;
            for (std::size_t c = 0; c < dim; ++c) dot += std::conj(rows[j][c]) * rows[i][c];
            for (std::size_t c = 0; c < dim; ++c) rows[i][c] -= dot * rows[j][c];
        }
        double norm = 0;
        for (const Complex& x : rows[i]) norm += std::norm(x);
        for (Complex& x : rows[i]) x /= std::sqrt(norm);
    }
    std::vector<Complex> flat;
    for (const auto& row : rows) flat.insert(flat.end(), row.begin(), row.end());
    return flat;
}

} // namespace qzone::testing
