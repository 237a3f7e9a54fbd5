// Gates made from gates: adjoints and fractional powers (what OpenQASM 3's
// inv @ and pow(k) @ modifiers ask of a gate).

#include <runtime/gate.hpp>

#include <cmath>

namespace qzone::gates {
namespace {

using complex = std::complex<double>;

/// z^exponent on the principal branch, for |z| = 1.
complex principal_power(complex z, double exponent) { return std::polar(1.0, std::arg(z) * exponent); }

} // namespace

Gate inverse(Gate gate) {
    switch (gate.kind) {
    case GateKind::matrix: {
        const std::size_t dimension = std::size_t{1} << gate.targets.size();
        std::vector<complex> adjoint(gate.matrix.size());
        for (std::size_t row = 0; row < dimension; ++row)
            for (std::size_t column = 0; column < dimension; ++column)
                adjoint[column * dimension + row] = std::conj(gate.matrix[row * dimension + column]);
        gate.matrix = std::move(adjoint);
        break;
    }
    case GateKind::diagonal:
        for (complex& entry : gate.matrix) entry = std::conj(entry);
        break;
    case GateKind::swap: break; // its own inverse
    case GateKind::pauli_rotation: gate.angle = -gate.angle; break;
    }
    gate.name = "inv_" + gate.name;
    return gate;
}

std::optional<Gate> power(const Gate& gate, double exponent) {
    Gate result = gate;
    result.name = "pow_" + gate.name;
    switch (gate.kind) {
    case GateKind::diagonal:
        for (complex& entry : result.matrix) entry = principal_power(entry, exponent);
        return result;
    case GateKind::pauli_rotation: {
        // Eigenvalues e^{-+i angle/2}: the principal branch of the half angle.
        const double half = std::arg(std::polar(1.0, gate.angle / 2));
        result.angle = 2 * half * exponent;
        return result;
    }
    case GateKind::swap: return std::nullopt;
    case GateKind::matrix: {
        if (gate.targets.size() != 1) return std::nullopt;
        // U = l1 P1 + l2 P2 with P1 = (U - l2 I) / (l1 - l2): a unitary is normal.
        const complex a = gate.matrix[0], b = gate.matrix[1], c = gate.matrix[2], d = gate.matrix[3];
        const complex trace = a + d, root = std::sqrt(trace * trace - 4.0 * (a * d - b * c));
        const complex l1 = (trace + root) / 2.0, l2 = (trace - root) / 2.0;
        const complex p1 = principal_power(l1, exponent), p2 = principal_power(l2, exponent);
        if (std::abs(l1 - l2) < 1e-12) { // a multiple of the identity
            result.matrix = {p1, 0.0, 0.0, p1};
            return result;
        }
        const complex f1 = p1 / (l1 - l2), f2 = p2 / (l2 - l1);
        result.matrix = {f1 * (a - l2) + f2 * (a - l1), (f1 + f2) * b, (f1 + f2) * c, f1 * (d - l2) + f2 * (d - l1)};
        return result;
    }
    }
    return std::nullopt;
}

} // namespace qzone::gates
