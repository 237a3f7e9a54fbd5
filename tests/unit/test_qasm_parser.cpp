// The OpenQASM 2.0 reader: the language, from the specification, and its
// errors (file:line:column, the line and a caret), including binary garbage.

#include <cstdio>
#include <fstream>
#include <random>
#include <utility>
#include <string>
#include <vector>
#include <map>

#include <gtest/gtest.h>

#include <runtime/qasm.hpp>

#include "qasm_errors.hpp"

using namespace qzone;
using qzone::testing::error_of;
using qzone::testing::first_line;

namespace {

const std::string header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";

std::string write_file(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path) << text;
    return path;
}

} // namespace

TEST(QasmReader, RegistersBroadcastingAndMeasurement) {
    const Circuit c = parse_qasm(header + "qreg a[2];\nqreg b[2];\ncreg c[2];\ncreg d[1];\n"
                                          "h a;\ncx a, b;\nx a[1];\nmeasure b -> c;\nmeasure a[0] -> d[0];\n",
                                 "bell.qasm");
    EXPECT_EQ(c.name, "bell");
    EXPECT_EQ(c.qubits, 4u);
    EXPECT_EQ(c.clbits, 3u);
    ASSERT_EQ(c.classical_registers.size(), 2u);
    EXPECT_EQ(c.classical_registers[1].offset, 2u);
    // h a -> 2 gates; cx a,b -> 2 (pairwise); x; 2 measures; 1 measure.
    ASSERT_EQ(c.operations.size(), 8u);
    EXPECT_EQ(c.operations[0].gate.name, "h");
    EXPECT_EQ(c.operations[1].gate.targets, std::vector<unsigned>{1});
    EXPECT_EQ(c.operations[2].gate.controls, std::vector<unsigned>{0});
    EXPECT_EQ(c.operations[2].gate.targets, std::vector<unsigned>{2});
    EXPECT_EQ(c.operations[3].gate.controls, std::vector<unsigned>{1});
    EXPECT_EQ(c.operations[3].gate.targets, std::vector<unsigned>{3});
    EXPECT_EQ(c.operations[5].kind, Operation::Kind::measure);
    EXPECT_EQ(c.operations[5].qubits, std::vector<unsigned>{2});
    EXPECT_EQ(c.operations[5].clbit, 0u);
    EXPECT_EQ(c.operations[7].clbit, 2u);
    EXPECT_EQ(c.operations[7].where.line, 11u);
    EXPECT_TRUE(c.warnings.empty());
}

TEST(QasmReader, UserGatesWithParametersExpressionsAndNesting) {
    const Circuit c = parse_qasm(header + "gate rot(t, p) q { U(t, p, -t/2) q; }\n"
                                          "gate pair(a) x, y { rot(a*2, pi^2) x; CX x, y; rot(-a, sqrt(4)) y; }\n"
                                          "qreg q[2];\npair(ln(exp(0.5)) + sin(0) - cos(pi)/2) q[1], q[0];\n");
    ASSERT_EQ(c.operations.size(), 3u);
    const double a = 0.5 + 0.5; // ln(e^0.5) + 0 - (-1)/2
    const Gate expected = gates::u(1, 2 * a, M_PI * M_PI, -a);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(std::abs(c.operations[0].gate.matrix[i] - expected.matrix[i]), 0, 1e-15);
    EXPECT_EQ(c.operations[1].gate.controls, std::vector<unsigned>{1});
    const Gate last = gates::u(0, -a, 2.0, a / 2);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(std::abs(c.operations[2].gate.matrix[i] - last.matrix[i]), 0, 1e-15);
}

TEST(QasmReader, ConditionsResetsBarriersAndOpaqueDeclarations) {
    const Circuit c = parse_qasm(header + "opaque magic(x) a, b;\nqreg q[3];\ncreg m[2];\n"
                                          "measure q[0] -> m[1];\nif (m == 2) x q[2];\nif(m==1) measure q[1] -> m[0];\n"
                                          "reset q;\nbarrier q[0], q;\n");
    ASSERT_EQ(c.operations.size(), 7u);
    ASSERT_TRUE(c.operations[1].condition.has_value());
    EXPECT_EQ(c.operations[1].condition->first_bit, 0u);
    EXPECT_EQ(c.operations[1].condition->width, 2u);
    EXPECT_EQ(c.operations[1].condition->value, 2u);
    EXPECT_TRUE(c.operations[2].condition.has_value());
    EXPECT_EQ(c.operations[3].kind, Operation::Kind::reset);
    EXPECT_EQ(c.operations[6].kind, Operation::Kind::barrier);
    EXPECT_EQ(c.operations[6].qubits, (std::vector<unsigned>{0, 0, 1, 2}));
}

TEST(QasmReader, MissingVersionLineIsOnlyAWarning) {
    const Circuit c = parse_qasm("include \"qelib1.inc\";\nqreg q[1];\nh q[0];\n", "sloppy.qasm");
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_EQ(c.warnings[0], "sloppy.qasm:1:1: warning: no 'OPENQASM 2.0;' line; reading as OpenQASM 2.0");
    EXPECT_EQ(c.operations.size(), 1u);
}

TEST(QasmReader, IncludesAreRelativeToTheIncludingFile) {
    write_file("qzone_gates.inc", "gate flip a { x a; }\n");
    const std::string main = write_file("qzone_main.qasm", header + "include \"qzone_gates.inc\";\nqreg q[1];\nflip q[0];\n");
    const Circuit c = parse_qasm_file(main);
    ASSERT_EQ(c.operations.size(), 1u);
    EXPECT_EQ(c.operations[0].gate.name, "x");
}

TEST(QasmReader, AProgramThatIncludesItselfIsACycle) {
    const std::string path = write_file("qzone_self.qasm", header + "include \"qzone_self.qasm\";\nqreg q[1];\n");
    std::string message;
    try {
        parse_qasm_file(path);
    } catch (const QasmError& e) {
        message = first_line(e.what());
    }
    EXPECT_EQ(message, path + ":3:9: error: include cycle: \"qzone_self.qasm\" is already being read");
}

TEST(QasmReader, AByteOrderMarkIsPassedOver) {
    // Editors on Windows start UTF-8 files with EF BB BF.
    const Circuit c = parse_qasm("\xEF\xBB\xBF" + header + "qreg q[1];\nh q[0];\n");
    ASSERT_EQ(c.operations.size(), 1u);
    EXPECT_TRUE(c.warnings.empty()); // the version line was found
    EXPECT_EQ(first_line(error_of("\xEF\xBB\xBF" + header + "bogus q[0];\n")),
              "test.qasm:3:1: error: unknown gate 'bogus'");
}

TEST(QasmReader, ErrorsNameFileLineAndColumnWithACaret) {
    EXPECT_EQ(error_of(header + "qreg q[2];\nh q[0]\nx q[1];\n"),
              "test.qasm:5:1: error: expected ';' after the gate, found 'x'\n    x q[1];\n    ^");
    // Program -> the first line of its error.
    const std::pair<std::string, std::string> cases[] = {
        {header + "qreg q[2];\nfoo q[0];\n", "test.qasm:4:1: error: unknown gate 'foo'"},
        {"OPENQASM 2.0;\nqreg q[2];\nh q[0];\n",
         "test.qasm:3:1: error: unknown gate 'h' (did you forget 'include \"qelib1.inc\";'?)"},
        {header + "qreg q[2];\ncx q[0];\n", "test.qasm:4:1: error: gate 'cx' acts on 2 qubit(s), got 1"},
        {header + "qreg q[2];\nrx q[0];\n", "test.qasm:4:1: error: gate 'rx' takes 1 parameter(s), got 0"},
        {header + "qreg q[2];\nx q[2];\n", "test.qasm:4:3: error: index 2 is out of range for register 'q' of size 2"},
        {header + "qreg q[2];\nrz(theta) q[0];\n", "test.qasm:4:4: error: undefined identifier 'theta' in an expression"},
        {header + "qreg q[2];\nx r[0];\n", "test.qasm:4:3: error: 'r' is not a quantum register"},
        {header + "qreg q[2];\ncreg c[3];\nmeasure q -> c;\n",
         "test.qasm:5:1: error: measure: 'q' has 2 qubit(s) but 'c' has 3 bit(s)"},
        {header + "qreg a[2];\nqreg b[3];\ncx a, b;\n",
         "test.qasm:5:7: error: registers of different sizes in one gate (2 and 3)"},
        {header + "qreg q[2];\ncx q[1], q[1];\n", "test.qasm:4:1: error: gate 'cx' is given the same qubit twice"},
        {header + "opaque magic a;\nqreg q[1];\nmagic q[0];\n",
         "test.qasm:5:1: error: opaque gate 'magic' has no definition, so qzone cannot simulate it"},
        {header + "qreg q[1];\nqreg q[2];\n", "test.qasm:4:6: error: register 'q' is already declared"},
        {header + "gate g a { y b; }\n", "test.qasm:3:14: error: 'b' is not a qubit argument of this gate"},
        {header + "qreg q[1];\nu1(1/0) q[0];\n", "test.qasm:4:5: error: the expression evaluates to inf, not a finite number"},
        {"OPENQASM 4.0;\n", "test.qasm:1:10: error: OpenQASM 4.0 is not supported; qzone reads OpenQASM 2.0 and 3"},
    };
    for (const auto& [program, expected] : cases) EXPECT_EQ(first_line(error_of(program)), expected) << program;
}

TEST(QasmReader, TruncatedProgramsAndIncludeCyclesAreErrors) {
    EXPECT_EQ(first_line(error_of(header + "qreg q[2];\ncx q[0],")),
              "test.qasm:4:9: error: expected an identifier (a register or bit), found the end of the file");
    EXPECT_EQ(first_line(error_of(header + "gate g a { x a;\n")),
              "test.qasm:4:1: error: the gate body is not closed with '}'");
    const std::string first = write_file("qzone_cycle_a.inc", "include \"qzone_cycle_b.inc\";\n");
    write_file("qzone_cycle_b.inc", "include \"qzone_cycle_a.inc\";\n");
    const std::string main = write_file("qzone_cycle.qasm", header + "include \"qzone_cycle_a.inc\";\n");
    std::string message;
    try {
        parse_qasm_file(main);
    } catch (const QasmError& e) {
        message = e.what();
    }
    EXPECT_NE(message.find("qzone_cycle_b.inc:1:9: error: include cycle: \"qzone_cycle_a.inc\" is already being read"),
              std::string::npos)
        << message;
    EXPECT_EQ(first_line(error_of(header + "include \"missing.inc\";\n")).rfind("test.qasm:3:9: error: cannot open included file", 0),
              0u);    // A directory (here the root, as a fuzzer found with include "////") is named, not a crash.
    EXPECT_EQ(first_line(error_of(header + "include \"////\";\n")),
              "test.qasm:3:9: error: cannot read included file '////': it is a directory, not a file");
    // Only regular files: /dev/zero would grow until memory runs out.
    EXPECT_EQ(first_line(error_of(header + "include \"/dev/zero\";\n")),
              "test.qasm:3:9: error: cannot read included file '/dev/zero': it is not a regular file");
}

TEST(QasmReader, BinaryGarbageIsAnErrorNotACrash) {
    EXPECT_EQ(first_line(error_of(std::string("OPENQASM 2.0;\n\x01\x7f\xff", 17))),
              "test.qasm:2:1: error: unexpected character byte 0x01");
    // Random bytes and random token soup: always a QasmError, never anything else.
    std::mt19937_64 rng(8);
    const std::string alphabet = "qreg creg gate h cx U CX measure -> if ( ) [ ] { } ; , == 0 1 2 pi + - * / ^ \" \n";
    for (int trial = 0; trial < 2000; ++trial) {
        std::string text = trial % 2 ? header : std::string();
        const std::size_t length = rng() % 200;
        for (std::size_t i = 0; i < length; ++i)
            text += trial % 3 == 0 ? static_cast<char>(rng() & 0xff) : alphabet[rng() % alphabet.size()];
        try {
            parse_qasm(text, "fuzz.qasm");
        } catch (const QasmError&) {
        }
    }
}

TEST(QasmReader, MissingFileIsAnError) {
    EXPECT_EQ(first_line([] {
                  try {
                      parse_qasm_file("/nonexistent/circuit.qasm");
                  } catch (const QasmError& e) {
                      return std::string(e.what());
                  }
                  return std::string();
              }()),
              "/nonexistent/circuit.qasm:0:0: error: cannot open '/nonexistent/circuit.qasm': No such file or "
              "directory");
}

TEST(QasmReader, InputsAreBoundByTheCaller) {
    const std::string program = header + "input float theta;\ninput float[64] phi;\ninput angle lambda;\nqreg q[1];\n"
                                          "u3(theta, 2*phi, -lambda/2) q[0];\n";
    const Circuit circuit = parse_qasm(program, "test.qasm", {{"theta", 0.5}, {"phi", 0.25}, {"lambda", 1.0}});
    ASSERT_EQ(circuit.operations.size(), 1u);
    const Gate expected = gates::u(0, 0.5, 0.5, -0.5);
    EXPECT_EQ(circuit.operations[0].gate.matrix, expected.matrix);
    const auto message = [&](const std::map<std::string, double>& values) {
        try {
            parse_qasm(program, "test.qasm", values);
        } catch (const QasmError& e) {
            return first_line(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(message({{"theta", 0.5}, {"lambda", 1.0}}),
              "test.qasm:4:17: error: input 'phi' has no value: bind it (qzone run --param phi=VALUE, or a batch "
              "task's \"parameters\")");
    EXPECT_EQ(message({{"theta", 0.5}, {"phi", 0.25}, {"lambda", 1.0}, {"mu", 2.0}}),
              "test.qasm:0:0: error: a value is given for 'mu', but the program declares no input 'mu' (input float mu;)");
    EXPECT_EQ(first_line(error_of(header + "input int n;\n")),
              "test.qasm:3:7: error: an input is a float or an angle, not 'int'");
}

TEST(QasmReader, DeepNestingOfDefinitionsDoesNotExhaustTheStack) {
    // Each definition applies the one before once: 30,000 levels, one X.
    constexpr int levels = 30000;
    std::string text = "OPENQASM 2.0;\nqreg q[1];\ngate g0 a { U(pi,0,pi) a; }\n";
    for (int i = 1; i < levels; ++i)
        text += "gate g" + std::to_string(i) + " a { g" + std::to_string(i - 1) + " a; }\n";
    text += "g" + std::to_string(levels - 1) + " q[0];\n";
    const Circuit circuit = parse_qasm(text);
    ASSERT_EQ(circuit.operations.size(), 1u);
    EXPECT_EQ(circuit.operations[0].qubits, std::vector<unsigned>{0});
}

TEST(QasmReader, ALongLineIsShownAsAWindowAroundTheColumn) {
    std::string line;
    for (int i = 0; i < 30000; ++i) line += "U(0,0,0) q[0]; ";
    const std::string message = error_of("OPENQASM 2.0;\nqreg q[1];\n" + line + "bogus q[0];\n");
    const std::size_t column = line.size() + 1;
    EXPECT_EQ(first_line(message), "test.qasm:3:" + std::to_string(column) +
                                       ": error: unknown gate 'bogus' (did you forget 'include \"qelib1.inc\";'?)");
    // The excerpt: "..." + 60 characters before the column + 11 from it; the caret under the 'b'.
    const std::string excerpt = message.substr(message.find('\n') + 1);
    const std::string shown = excerpt.substr(0, excerpt.find('\n'));
    EXPECT_LT(shown.size(), 140u);
    EXPECT_EQ(shown.substr(shown.size() - 11), "bogus q[0];");
    const std::string caret = excerpt.substr(excerpt.find('\n') + 1);
    EXPECT_EQ(caret.find('^'), shown.find("bogus"));
}

TEST(QasmReader, ConditionsOnRegistersWiderThan64Bits) {
    const Circuit circuit =
        parse_qasm(header + "qreg q[1];\ncreg c[70];\nif (c==18446744073709551615) x q[0];\n");
    ASSERT_EQ(circuit.operations.size(), 1u);
    ASSERT_TRUE(circuit.operations[0].condition);
    EXPECT_EQ(circuit.operations[0].condition->width, 70u);
    EXPECT_EQ(circuit.operations[0].condition->value, ~std::uint64_t{0});
    EXPECT_EQ(first_line(error_of(header + "qreg q[1];\ncreg c[70];\nif (c==18446744073709551616) x q[0];\n")),
              "test.qasm:5:8: error: the integer 18446744073709551616 as the value compared with is above 2^64-1");
}
