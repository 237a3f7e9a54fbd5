// The built-in qelib1.inc: every gate, expanded to U and CX, against
// (a) its native qzone gate, which must be exactly the same matrix, global
// phase included, and (b) the operator it stands for, up to a global phase.

#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/qasm.hpp>

#include "dense_reference.hpp"
#include "frontend/qasm/reader.hpp"

using namespace qzone;
using qzone::testing::Complex;
using qzone::testing::DenseMatrix;

namespace {

struct LibraryGate {
    std::string name;
    std::vector<double> parameters;
    unsigned qubits;
};

/// The program applying `gate` to q[0..k-1], read with or without natives.
Circuit program(const LibraryGate& gate, bool natives) {
    std::string text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[" + std::to_string(gate.qubits) + "];\n" +
                       gate.name;
    if (!gate.parameters.empty()) {
        text += "(";
        for (std::size_t j = 0; j < gate.parameters.size(); ++j)
            text += (j ? "," : "") + std::to_string(gate.parameters[j]);
        text += ")";
    }
    for (unsigned q = 0; q < gate.qubits; ++q) text += (q ? ", q[" : " q[") + std::to_string(q) + "]";
    text += ";\n";
    qasm::ReadOptions options;
    options.native_library_gates = natives;
    return qasm::read_program(text, "library_test.qasm", options);
}

DenseMatrix multiply(const DenseMatrix& a, const DenseMatrix& b) {
    DenseMatrix m(a.dim);
    for (std::size_t r = 0; r < a.dim; ++r)
        for (std::size_t k = 0; k < a.dim; ++k)
            for (std::size_t c = 0; c < a.dim; ++c) m(r, c) += a(r, k) * b(k, c);
    return m;
}

/// The product of a circuit's gates as one matrix.
DenseMatrix unitary_of(const Circuit& circuit) {
    DenseMatrix total = DenseMatrix::identity(std::size_t{1} << circuit.qubits);
    for (const Operation& op : circuit.operations)
        total = multiply(qzone::testing::full_matrix(op.gate, circuit.qubits), total);
    return total;
}

double max_difference(const DenseMatrix& a, const DenseMatrix& b, Complex phase = 1.0) {
    double worst = 0;
    for (std::size_t i = 0; i < a.entries.size(); ++i) worst = std::max(worst, std::abs(a.entries[i] - phase * b.entries[i]));
    return worst;
}

/// max |a - e^{i phi} b| with the phase taken from the largest entry of b.
double difference_up_to_phase(const DenseMatrix& a, const DenseMatrix& b) {
    std::size_t largest = 0;
    for (std::size_t i = 0; i < b.entries.size(); ++i)
        if (std::abs(b.entries[i]) > std::abs(b.entries[largest])) largest = i;
    const Complex phase = a.entries[largest] / b.entries[largest];
    return max_difference(a, b, phase / std::abs(phase));
}

DenseMatrix of(const Gate& gate, unsigned qubits) { return qzone::testing::full_matrix(gate, qubits); }

const double theta = 0.7, phi = -1.3, lambda = 2.1, gamma_ = 0.4;

} // namespace

TEST(QasmLibrary, NativeGatesEqualTheirDefinitionsExactly) {
    const std::vector<LibraryGate> library = {
        {"u3", {theta, phi, lambda}, 1}, {"u", {theta, phi, lambda}, 1}, {"u2", {phi, lambda}, 1},
        {"u1", {lambda}, 1}, {"p", {lambda}, 1}, {"rz", {phi}, 1}, {"id", {}, 1}, {"x", {}, 1}, {"y", {}, 1},
        {"z", {}, 1}, {"h", {}, 1}, {"s", {}, 1}, {"sdg", {}, 1}, {"t", {}, 1}, {"tdg", {}, 1},
        {"rx", {theta}, 1}, {"ry", {theta}, 1}, {"cx", {}, 2}, {"cz", {}, 2}, {"cy", {}, 2}, {"swap", {}, 2},
        {"ccx", {}, 3}, {"cswap", {}, 3}, {"cu1", {lambda}, 2}, {"cp", {lambda}, 2}, {"crz", {phi}, 2},
        {"cry", {theta}, 2}, {"rzz", {theta}, 2},
    };
    for (const LibraryGate& gate : library) {
        const Circuit expanded = program(gate, false), native = program(gate, true);
        ASSERT_EQ(native.operations.size(), 1u) << gate.name << " has no native form";
        EXPECT_LT(max_difference(unitary_of(native), unitary_of(expanded)), 1e-12) << gate.name;
    }
}

TEST(QasmLibrary, EveryGateIsTheOperatorItStandsFor) {
    const auto mcx = [](std::vector<unsigned> controls, unsigned target) { return gates::mcx(controls, target); };
    const Gate sx_matrix = gates::sx(1);
    struct Case {
        LibraryGate gate;
        Gate expected;
    };
    const std::vector<Case> cases = {
        {{"rz", {phi}, 1}, gates::rz(0, phi)},
        {{"sx", {}, 1}, gates::sx(0)},
        {{"sxdg", {}, 1}, gates::sxdg(0)},
        {{"u0", {gamma_}, 1}, gates::identity(0)},
        {{"ch", {}, 2}, gates::controlled(gates::h(1), {0})},
        {{"crx", {theta}, 2}, gates::controlled(gates::rx(1, theta), {0})},
        {{"cu3", {theta, phi, lambda}, 2}, gates::controlled(gates::u(1, theta, phi, lambda), {0})},
        {{"csx", {}, 2}, gates::controlled(gates::sx(1), {0})},
        {{"rxx", {theta}, 2}, gates::pauli_rotation("XX", {0, 1}, theta)},
        {{"rzz", {theta}, 2}, gates::pauli_rotation("ZZ", {0, 1}, theta)},
        {{"c3x", {}, 4}, mcx({0, 1, 2}, 3)},
        {{"c3sqrtx", {}, 4}, gates::controlled(gates::unitary({3}, sx_matrix.matrix), {0, 1, 2})},
        {{"c4x", {}, 5}, mcx({0, 1, 2, 3}, 4)},
    };
    for (const Case& c : cases) {
        const DenseMatrix expanded = unitary_of(program(c.gate, false));
        EXPECT_LT(difference_up_to_phase(expanded, of(c.expected, c.gate.qubits)), 1e-12) << c.gate.name;
    }
    // cu(theta, phi, lambda, gamma): controlled e^{i gamma} U(theta, phi, lambda), exactly.
    Gate cu = gates::controlled(gates::u(1, theta, phi, lambda), {0});
    for (auto& entry : cu.matrix) entry *= std::polar(1.0, gamma_);
    EXPECT_LT(difference_up_to_phase(unitary_of(program({"cu", {theta, phi, lambda, gamma_}, 2}, false)), of(cu, 2)),
              1e-12);
    // rccx and rc3x are Toffolis up to relative phases: equal magnitudes.
    for (const auto& [gate, toffoli] : {std::pair{LibraryGate{"rccx", {}, 3}, mcx({0, 1}, 2)},
                                        std::pair{LibraryGate{"rc3x", {}, 4}, mcx({0, 1, 2}, 3)}}) {
        const DenseMatrix expanded = unitary_of(program(gate, false)), exact = of(toffoli, gate.qubits);
        double worst = 0;
        for (std::size_t i = 0; i < exact.entries.size(); ++i)
            worst = std::max(worst, std::abs(std::abs(expanded.entries[i]) - std::abs(exact.entries[i])));
        EXPECT_LT(worst, 1e-12) << gate.name;
    }
}
