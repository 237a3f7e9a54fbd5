#pragma once
/// @file gate.hpp
/// Gates as values: what they do to which qubits. Factories in qzone::gates
/// build the standard ones; apply_gate() (apply_gate.hpp) runs them.

#include <complex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <runtime/errors.hpp>

namespace qzone {

/// How a gate acts, which decides how it is applied.
enum class GateKind {
    matrix,         ///< dense 2^k x 2^k unitary on k targets
    diagonal,       ///< 2^k diagonal entries on k qubits (never needs communication)
    swap,           ///< exchanges two qubits
    pauli_rotation, ///< exp(-i angle/2 P) for a Pauli string P on the targets
};

/// A gate on specific qubits. Matrix index bit j stands for targets[j]
/// (qubit 0 is the lowest bit of an amplitude index), rows first.
struct Gate {
    GateKind kind = GateKind::matrix;
    std::string name;                          ///< for messages, e.g. "cx"
    std::vector<unsigned> targets;
    std::vector<unsigned> controls;            ///< the gate acts where every control has its state
    std::vector<int> control_states;           ///< 0 or 1 per control
    std::vector<std::complex<double>> matrix;  ///< matrix: 4^k entries; diagonal: 2^k entries
    std::string paulis;                        ///< pauli_rotation: 'X', 'Y', 'Z' or 'I' per target
    double angle = 0;                          ///< pauli_rotation

    /// Throws unless the gate is well formed for a state of `qubits` qubits:
    /// qubits in range and distinct (targets and controls together), control
    /// states 0 or 1, a matrix of the right size that is unitary (to 1e-10),
    /// diagonal entries of modulus 1, Pauli letters one per target.
    /// @throw qzone::InputError naming the gate and the problem.
    void validate(unsigned qubits) const;
};

/// Largest number of targets of a dense matrix gate.
inline constexpr unsigned max_dense_targets = 6;

namespace gates {

Gate identity(unsigned qubit);
Gate x(unsigned qubit);
Gate y(unsigned qubit);
Gate z(unsigned qubit);
Gate h(unsigned qubit);
Gate s(unsigned qubit);
Gate sdg(unsigned qubit);
Gate t(unsigned qubit);
Gate tdg(unsigned qubit);
Gate sx(unsigned qubit);
Gate sxdg(unsigned qubit);
Gate rx(unsigned qubit, double theta);
Gate ry(unsigned qubit, double theta);
Gate rz(unsigned qubit, double theta);
/// diag(1, e^{i lambda}).
Gate phase(unsigned qubit, double lambda);
/// OpenQASM's U(theta, phi, lambda).
Gate u(unsigned qubit, double theta, double phi, double lambda);
Gate cx(unsigned control, unsigned target);
Gate cz(unsigned control, unsigned target);
Gate cphase(unsigned control, unsigned target, double lambda);
Gate swap(unsigned a, unsigned b);
/// X on `target` where every control is 1.
Gate mcx(std::vector<unsigned> controls, unsigned target);
/// A dense unitary; matrix bit j stands for targets[j].
Gate unitary(std::vector<unsigned> targets, std::vector<std::complex<double>> matrix, std::string name = "unitary");
/// A diagonal gate: entry j multiplies amplitudes whose bits on `qubits` spell j.
Gate diagonal(std::vector<unsigned> qubits, std::vector<std::complex<double>> entries, std::string name = "diagonal");
/// exp(-i theta/2 P), P the tensor product of paulis[j] on qubits[j].
Gate pauli_rotation(std::string paulis, std::vector<unsigned> qubits, double theta);
/// `gate` with extra controls (states default to 1).
Gate controlled(Gate gate, std::vector<unsigned> controls, std::vector<int> states = {});
/// The adjoint of `gate`, on the same qubits with the same controls.
Gate inverse(Gate gate);
/// The principal `exponent`-th power of `gate` (eigenvalues e^{i a}, a in
/// (-pi, pi], become e^{i a exponent}), controls kept; std::nullopt where
/// qzone has no closed form: dense matrices on more than one target and
/// swaps (integer powers are repetitions, which callers make themselves).
std::optional<Gate> power(const Gate& gate, double exponent);

/// Where two standards define one name differently. They differ by global
/// phases only, which amplitudes (and fingerprints) show and probabilities do
/// not: qelib1.inc's rz is u1 = diag(1, e^{i phi}) where Qiskit's is
/// exp(-i phi Z/2), its rzz is diag(1, e^{i t}, e^{i t}, 1) where Qiskit's
/// is exp(-i t ZZ/2), and its sx, sxdg, ch, crx, rxx are built from other
/// gates with phases of their own.
enum class GateConvention {
    qiskit,    ///< the matrices of Qiskit's standard gates: the C++ API's
    qelib1,    ///< OpenQASM 2's qelib1.inc, as the OpenQASM 2 reader reads it
    /// OpenQASM 3's stdgates.inc: Qiskit's matrices except u2 and u3, which
    /// the specification defines as e^{-i(theta+phi+lambda)/2} U(theta, phi,
    /// lambda) (u2(phi, lambda) = u3(pi/2, phi, lambda)): OpenQASM 2's U.
    openqasm3,
};

/// The names by_name() knows, in alphabetical order.
std::vector<std::string> catalogue_names();

/// A gate of the catalogue by its OpenQASM / Qiskit name, as Qiskit defines
/// it: id, x, y, z, h, s, sdg, t, tdg, sx, sxdg, rx, ry, rz, p, u1, u (u3),
/// u2, cx, cy, cz, ch, cp (cu1), crx, cry, crz, cu (theta, phi, lambda,
/// gamma: e^{i gamma} U controlled), swap, ccx, cswap, rxx, ryy, rzz. Qubits are controls first, then targets, as in OpenQASM.
/// @throw qzone::InputError for an unknown name or a wrong number of
///        qubits or parameters, naming what was expected.
Gate by_name(std::string_view name, const std::vector<unsigned>& qubits, const std::vector<double>& parameters = {});

/// The same gate as `convention` defines it, matrix for matrix with its
/// global phase, or std::nullopt when the catalogue has no such name or no
/// exact form of that convention's definition (a reader then expands the
/// definition from the library's text).
/// @throw qzone::InputError for a known name with a wrong number of qubits
///        or parameters.
std::optional<Gate> by_name(std::string_view name, const std::vector<unsigned>& qubits,
                            const std::vector<double>& parameters, GateConvention convention);

} // namespace gates
} // namespace qzone
