// The OpenQASM 3 reader: declarations, stdgates.inc, modifiers, expressions
// and control flow checked against gates built by hand and an independent
// dense simulator; and a table of malformed or unsupported programs, each
// with its file:line:column error. (Programs exported by Qiskit are checked
// against Qiskit in tests/scripts/openqasm3_crosscheck.py.)

#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/qasm.hpp>

#include "dense_reference.hpp"
#include "qasm_errors.hpp"

using namespace qzone;
using qzone::testing::DenseState;

namespace {

const std::string header = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";

/// The amplitudes of a unitary circuit (gates only, no condition), densely.
std::vector<std::complex<double>> amplitudes_of(const Circuit& circuit) {
    DenseState state(circuit.qubits);
    for (const Operation& op : circuit.operations) {
        EXPECT_FALSE(op.condition.has_value());
        if (op.kind == Operation::Kind::gate) state.apply(op.gate);
    }
    return state.amplitudes();
}

/// The amplitudes of `gates` applied in order to |0...0> of `qubits`.
std::vector<std::complex<double>> amplitudes_of(unsigned qubits, const std::vector<Gate>& gates) {
    DenseState state(qubits);
    for (const Gate& gate : gates) state.apply(gate);
    return state.amplitudes();
}

double distance(const std::vector<std::complex<double>>& a, const std::vector<std::complex<double>>& b) {
    EXPECT_EQ(a.size(), b.size());
    double worst = 0;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

/// The first line of the error parsing `text` raises ("" if none).
std::string first_error_line(const std::string& text) {
    return qzone::testing::first_line(qzone::testing::error_of(text));
}

} // namespace

TEST(OpenQasm3Reader, DeclarationsRegistersAndPhysicalQubits) {
    const Circuit c = parse_qasm(header + "qubit[2] q;\nqubit r;\nqreg s[2];\nbit[2] c;\nbit d;\ncreg e[3];\n"
                                          "h q;\nc = measure q;\nmeasure r -> d;\ne[2] = measure s[1];\nmeasure s[0];\n",
                                 "decl.qasm");
    EXPECT_EQ(c.qubits, 5u);
    ASSERT_EQ(c.classical_registers.size(), 3u);
    EXPECT_EQ(c.classical_registers[2].name, "e");
    EXPECT_EQ(c.classical_registers[2].offset, 3u);
    // 2 h, 2 + 1 + 1 measurements, and one whose result nobody reads (into a flag past the registers).
    ASSERT_EQ(c.operations.size(), 7u);
    EXPECT_EQ(c.operations[3].clbit, 1u);
    EXPECT_EQ(c.operations[5].clbit, 5u);
    EXPECT_EQ(c.operations[6].clbit, 6u);
    EXPECT_EQ(c.clbits, 7u);
    EXPECT_EQ(c.operations[6].where.line, 13u);

    const Circuit physical = parse_qasm(header + "h $3;\ncx $3, $0;\n", "physical.qasm");
    EXPECT_EQ(physical.qubits, 4u);
    EXPECT_TRUE(physical.quantum_registers.empty());
    EXPECT_EQ(physical.operations[1].gate.controls, std::vector<unsigned>{3});
}

TEST(OpenQasm3Reader, StandardGatesFollowQiskitExceptU2AndU3) {
    const double t = 0.3, p = -1.1, l = 0.7;
    const Circuit c = parse_qasm(header + "qubit[3] q;\nh q[0];\ncu(0.1, 0.2, 0.3, 0.4) q[0], q[1];\n"
                                          "CX q[1], q[2];\nphase(0.5) q[2];\ncphase(0.6) q[0], q[2];\n"
                                          "u3(0.3, -1.1, 0.7) q[1];\nu2(-1.1, 0.7) q[2];\nU(0.3, -1.1, 0.7) q[0];\n");
    // u3 = e^{-i(theta+phi+lambda)/2} U and u2(phi, lambda) = u3(pi/2, phi, lambda): the specification's phases.
    Gate u3 = gates::u(1, t, p, l), u2 = gates::u(2, M_PI / 2, p, l);
    for (auto& entry : u3.matrix) entry *= std::polar(1.0, -(t + p + l) / 2);
    for (auto& entry : u2.matrix) entry *= std::polar(1.0, -(M_PI / 2 + p + l) / 2);
    Gate cu = gates::controlled(gates::u(1, 0.1, 0.2, 0.3), {0});
    for (auto& entry : cu.matrix) entry *= std::polar(1.0, 0.4);
    const std::vector<Gate> expected = {gates::h(0), cu, gates::cx(1, 2), gates::phase(2, 0.5),
                                        gates::cphase(0, 2, 0.6), u3, u2, gates::u(0, t, p, l)};
    EXPECT_LT(distance(amplitudes_of(c), amplitudes_of(3, expected)), 1e-14);
}

TEST(OpenQasm3Reader, ModifiersAndGlobalPhaseKeepAmplitudes) {
    const Circuit c = parse_qasm(
        header + "qubit[3] q;\n"
                 "gate pair(a) x, y { ctrl @ rx(a) x, y; gphase(a); inv @ s y; }\n"
                 "h q;\n"
                 "pair(0.4) q[0], q[1];\n"       // crx, a global phase, sdg
                 "negctrl @ x q[1], q[2];\n"     // X on q[2] where q[1] is 0
                 "ctrl(2) @ gphase(0.3) q[0], q[1];\n" // a phase where both are 1
                 "pow(3) @ s q[2];\n"            // sdg up to nothing: s^3
                 "pow(-1) @ t q[0];\n"           // tdg
                 "pow(0.5) @ x q[1];\n"          // sx
                 "inv @ pow(2) @ ry(0.25) q[2];\n"
                 "negctrl @ ctrl @ h q[0], q[1], q[2];\n"
                 "inv @ pair(0.2) q[2], q[0];\n");
    const auto sdg = [](unsigned q) { return gates::sdg(q); };
    Gate flip_on_zero = gates::controlled(gates::x(2), {1}, {0});
    Gate phase_on_ones = gates::controlled(gates::phase(0, 0.3), {1});
    Gate controlled_h = gates::controlled(gates::controlled(gates::h(2), {1}, {1}), {0}, {0});
    const double a = 0.2;
    const std::vector<Gate> expected = {
        gates::h(0), gates::h(1), gates::h(2),
        gates::controlled(gates::rx(1, 0.4), {0}), gates::diagonal({0}, {std::polar(1.0, 0.4), std::polar(1.0, 0.4)}),
        sdg(1), flip_on_zero, phase_on_ones, gates::s(2), gates::s(2), gates::s(2), gates::tdg(0), gates::sx(1),
        gates::ry(2, -0.5), controlled_h,
        // inv @ pair(a) q[2], q[0]: s q[0]; the phase e^{-ia}; crx(-a) q[2] -> q[0]
        gates::s(0), gates::diagonal({0}, {std::polar(1.0, -a), std::polar(1.0, -a)}),
        gates::controlled(gates::rx(0, -a), {2})};
    EXPECT_LT(distance(amplitudes_of(c), amplitudes_of(3, expected)), 1e-14);
}

TEST(OpenQasm3Reader, ExpressionsConstantsInputsAndForLoops) {
    const Circuit c = parse_qasm(header + "input float[64] θ;\ninput angle b;\nconst float[64] half = π / 2;\n"
                                          "const int n = 2;\nqubit[3] q;\n"
                                          "/* a block\n comment */ rz(τ / 4 + euler - ℇ) q[0];\n"
                                          "rx(2 ** 3 * θ % 1) q[1];\nry(arcsin(1) + arccos(1) + arctan(0)) q[2];\n"
                                          "for int i in [0:n] { rx(half * i) q[i]; }\n"
                                          "for uint j in [2:-2:0] { rz(j + b) q[j]; }\n"
                                          "for k in {1, 0} { p(k) q[k]; }\n",
                                 "expr.qasm", {{"θ", 0.2}, {"b", 0.1}});
    const std::vector<Gate> expected = {
        gates::rz(0, M_PI / 2), gates::rx(1, std::fmod(8 * 0.2, 1)), gates::ry(2, M_PI / 2),
        gates::rx(0, 0), gates::rx(1, M_PI / 2), gates::rx(2, M_PI),
        gates::rz(2, 2.1), gates::rz(0, 0.1),
        gates::phase(1, 1), gates::phase(0, 0)};
    EXPECT_LT(distance(amplitudes_of(c), amplitudes_of(3, expected)), 1e-14);
}

TEST(OpenQasm3Reader, ConditionsBecomeConditionedOperationsAndFlags) {
    const Circuit c = parse_qasm(header + "qubit[2] q;\nbit[2] c;\nh q[0];\nc[0] = measure q[0];\n"
                                          "if (c[0]) { x q[1]; } else { h q[1]; }\n"
                                          "if (c == 1) x q[1];\n"
                                          "if (!c[1]) { c[1] = measure q[1]; x q[0]; }\n"
                                          "c[1] = true;\n",
                                 "flow.qasm");
    // h, measure, x | c[0]==1, h | c[0]!=1, x | c==1.
    ASSERT_GE(c.operations.size(), 5u);
    EXPECT_EQ(c.operations[2].condition->first_bit, 0u);
    EXPECT_EQ(c.operations[2].condition->value, 1u);
    EXPECT_FALSE(c.operations[2].condition->negated);
    EXPECT_TRUE(c.operations[3].condition->negated);
    EXPECT_EQ(c.operations[4].condition->width, 2u);
    EXPECT_EQ(c.operations[4].condition->value, 1u);
    // The third if overwrites c[1], which its test reads: the test is kept in a flag past the
    // registers first, and the body runs on the flag.
    ASSERT_EQ(c.operations[5].kind, Operation::Kind::assign);
    const unsigned flag = c.operations[5].clbit;
    EXPECT_EQ(flag, 2u);
    EXPECT_EQ(c.clbits, 3u);
    EXPECT_EQ(c.operations[7].kind, Operation::Kind::measure);
    EXPECT_EQ(c.operations[7].condition->first_bit, flag);
    EXPECT_EQ(c.operations[8].condition->first_bit, flag);
    const Operation& last = c.operations.back();
    EXPECT_EQ(last.kind, Operation::Kind::assign);
    EXPECT_EQ(last.clbit, 1u);
    EXPECT_EQ(last.bit_value, 1);
    EXPECT_FALSE(last.condition.has_value());
}

TEST(OpenQasm3Reader, WhileLoopsUnrollToTheLimitAndEndInAnAbort) {
    const std::string program = header + "qubit q;\nbit c;\nc = measure q;\nwhile (c) { h q; c = measure q; }\n";
    const Circuit c = parse_qasm(program, "loop.qasm");
    ASSERT_EQ(c.operations.back().kind, Operation::Kind::abort);
    EXPECT_EQ(c.operations.back().where.line, 6u);
    EXPECT_NE(c.operations.back().message.find("still running after 100 iterations"), std::string::npos);
    std::size_t hadamards = 0;
    for (const Operation& op : c.operations) hadamards += op.kind == Operation::Kind::gate;
    EXPECT_EQ(hadamards, 100u);
}

TEST(OpenQasm3Reader, OpenQasm2IsStillReadByItsOwnReader) {
    // Words that OpenQASM 3 would read otherwise stay errors of OpenQASM 2.
    EXPECT_EQ(first_error_line("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nctrl @ x q[0];\n"),
              "test.qasm:4:6: error: unexpected character '@'");
    EXPECT_EQ(first_error_line("OPENQASM 2.0;\ninclude \"stdgates.inc\";\n").substr(0, 27), "test.qasm:2:9: error: canno");
}

TEST(OpenQasm3Reader, MalformedAndUnsupportedProgramsAreLocated) {
    const std::pair<std::string, std::string> cases[] = {
        {"OPENQASM 3.5;\n", "test.qasm:1:10: error: OpenQASM 3.5 is not read here; qzone reads OpenQASM 2.0 and 3"},
        {"OPENQASM 3;\nqubit q;\nh q;\n",
         "test.qasm:3:1: error: unknown gate 'h' (did you forget 'include \"stdgates.inc\";'?)"},
        {"OPENQASM 3;\ninclude \"qelib1.inc\";\n",
         "test.qasm:2:9: error: qelib1.inc is OpenQASM 2's library; an OpenQASM 3 program includes \"stdgates.inc\""},
        {header + "def f(qubit a) { h a; }\n",
         "test.qasm:3:1: error: subroutine definitions (def) are not supported by qzone's OpenQASM 3 reader"},
        {header + "extern f(int) -> int;\n",
         "test.qasm:3:1: error: extern declarations are not supported by qzone's OpenQASM 3 reader"},
        {header + "defcal x $0 { }\n",
         "test.qasm:3:1: error: calibration definitions (defcal) are not supported by qzone's OpenQASM 3 reader"},
        {header + "int switch_dummy;\n",
         "test.qasm:3:1: error: classical variables of type int are not supported by qzone's OpenQASM 3 reader"},
        {header + "qubit q;\nbit c;\nswitch (c) { case 0 { x q; } }\n",
         "test.qasm:5:1: error: switch statements are not supported by qzone's OpenQASM 3 reader"},
        {header + "qubit[2] q;\nlet r = q[0];\n",
         "test.qasm:4:1: error: aliases (let) are not supported by qzone's OpenQASM 3 reader"},
        {header + "stretch s;\n", "test.qasm:3:1: error: stretch durations are not supported by qzone's OpenQASM 3 reader"},
        {header + "qubit q;\nbox[100ns] { x q; }\n", "test.qasm:4:4: error: boxes with a duration are not supported"},
        {header + "qubit q;\nrx(2 ^ 3) q;\n",
         "test.qasm:4:6: error: '^' is the bitwise exclusive or of OpenQASM 3, which qzone does not read; write '**' "
         "for a power"},
        {header + "qubit[2] q;\npow(0.5) @ swap q[0], q[1];\n",
         "test.qasm:4:1: error: pow with a non-integer exponent is not supported for 'swap' (a swap, or a dense gate "
         "on several qubits)"},
        {header + "gate g a { h a; t a; }\nqubit q;\npow(0.5) @ g q;\n",
         "test.qasm:5:1: error: pow with a non-integer exponent is supported for a gate that is one native gate; this "
         "one expands to several"},
        {header + "qubit q;\nbreak;\n", "test.qasm:4:1: error: 'break' outside a loop"},
        {header + "qubit[3] q;\nh q[0:1];\n",
         "test.qasm:4:6: error: register slices and index lists are not supported; index one bit or qubit at a time"},
        {header + "qubit[2] q;\nx q[2];\n", "test.qasm:4:3: error: index 2.000000 is out of range for register 'q' of "
                                            "size 2"},
        {header + "h $0;\nqubit[2] q;\n",
         "test.qasm:4:10: error: a program that uses physical qubits ($n) cannot declare qubits as well"},
        {header + "input float[64] theta;\n",
         "test.qasm:3:17: error: input 'theta' has no value: bind it (qzone run --param theta=VALUE, or a batch "
         "task's \"parameters\")"},
        {header + "input int n;\n", "test.qasm:3:7: error: an input must be one of float, angle, not 'int'"},
        {header + "qubit q;\nif (true) { qubit r; }\n",
         "test.qasm:4:13: error: 'qubit' may only appear at the top level of the program, not inside a block"},
        {header + "qubit q;\nif (true) { x q;\n", "test.qasm:4:11: error: the block opened here is not closed with '}'"},
        {header + "qubit[2] q;\ncx q[1], q[1];\n", "test.qasm:4:1: error: gate 'cx' is given the same qubit twice"},
        {header + "qubit[2] q;\nctrl(0) @ x q[0], q[1];\n",
         "test.qasm:4:1: error: the number of controls must be an integer from 1 to 64"},
        {header + "qubit[2] q;\nctrl @ x q[0];\n",
         "test.qasm:4:1: error: gate 'x' takes 1 qubit(s) and 0 parameter(s), got 0 and 0 (after its modifiers' "
         "controls)"},
        {header + "qubit[2] q;\nctrl(2) @ x q[0];\n", "test.qasm:4:1: error: gate 'x' has 2 control(s) but 1 qubit(s)"},
        {header + "qubit q;\nbit[20] c;\nif (c < 300000) x q;\n",
         "test.qasm:5:7: error: comparing a register of 20 bits with < is supported for at most 256 values on one "
         "side of the bound"},
        {header + "qubit q;\nbit[2] c;\nbit[2] d;\nif (c == d) x q;\n",
         "test.qasm:6:7: error: comparing two classical values is not supported; compare a register or bit with a "
         "number"},
        {header + "qubit q;\nbit[2] c;\nc = 7;\n", "test.qasm:5:5: error: the value 7.000000 does not fit 2 bit(s)"},
        {header + "qubit q;\nq = 1;\n",
         "test.qasm:4:1: error: 'q' is not a classical register: only bits can be assigned"},
        {header + "gate g a { h b; }\n",
         "test.qasm:3:14: error: inside gate 'g', a gate acts on the gate's qubit arguments only"},
        {header + "gate h a { x a; }\n", "test.qasm:3:6: error: gate 'h' is already defined"},
        {header + "qubit q;\nfor int i in [0:1:] { x q; }\n", "test.qasm:4:19: error: expected an expression, found ']'"},
        {header + "qubit q;\n/* never closed\n", "test.qasm:4:1: error: unterminated comment"},
        {header + "qubit q;\n#pragma foo\n", "test.qasm:4:1: error: unexpected character '#'"},
    };
    for (const auto& [program, expected] : cases) EXPECT_EQ(first_error_line(program), expected) << program;
}

TEST(OpenQasm3Reader, HostileProgramsNeitherCrashNorExhaustTheStack) {
    // Long chains of one precedence are flat: 300,000 terms in a sum, in both readers, and in a condition.
    std::string sum = "1";
    for (int i = 0; i < 300000; ++i) sum += "+1";
    EXPECT_EQ(parse_qasm(header + "qubit q;\nrz(" + sum + ") q;\n").operations.size(), 1u);
    EXPECT_EQ(parse_qasm("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrz(" + sum + ") q[0];\n")
                  .operations.size(),
              1u);
    std::string conjunction = "c[0]";
    for (int i = 0; i < 100000; ++i) conjunction += " && c[0]";
    EXPECT_EQ(parse_qasm(header + "qubit q;\nbit[1] c;\nif (" + conjunction + ") x q;\n").operations.size(), 1u);
    // Nesting is bounded, and refused where it goes beyond, with a location.
    EXPECT_EQ(first_error_line(header + "qubit q;\nbit c;\nif (" + std::string(100000, '!') + "c) x q;\n"),
              "test.qasm:5:70: error: condition nested too deeply");
    EXPECT_EQ(first_error_line(header + "qubit q;\n" + std::string(100000, '{')),
              "test.qasm:4:66: error: blocks nested too deeply");
    std::string gates = header + "gate g0 a { x a; }\n";
    for (int i = 1; i <= 1000; ++i) gates += "gate g" + std::to_string(i) + " a { g" + std::to_string(i - 1) + " a; }\n";
    EXPECT_EQ(first_error_line(gates), "test.qasm:1003:6: error: gate 'g1000' is defined through more than 1000 "
                                       "levels of other gates");
    // Loops are bounded before anything is unrolled.
    EXPECT_EQ(first_error_line(header + "qubit q;\nfor int i in [0:1000000000] { }\n"),
              "test.qasm:4:1: error: the program's for loops run more than 100000000 iterations in all");
    EXPECT_EQ(first_error_line(header + "qubit q;\nfor int i in [2:-1:0] { x q; }\n"), ""); // counting down
    EXPECT_EQ(first_error_line(header + "qubit q;\nfor int i in [0:0:3] { x q; }\n"),
              "test.qasm:4:1: error: the range's step is 0");
}
