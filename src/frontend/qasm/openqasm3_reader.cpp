// The OpenQASM 3 reader: the subset Qiskit writes (qiskit.qasm3.dumps) and
// more. Like the OpenQASM 2 reader it elaborates each top-level statement as
// soon as it is read; the bodies of gates, if, for and while are kept as
// syntax (openqasm3_syntax.hpp) because they run more than once.
//
// Control flow becomes classically conditioned operations, as the engine runs
// them per shot: loops are unrolled; the reader's own flags (loop running,
// break, continue, a condition kept before its body overwrites its bits) are
// classical bits past the declared registers, set by `assign` operations; a
// while loop still running after its last unrolled iteration meets an
// `abort` operation.

#include "openqasm3_reader.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <map>

#include <runtime/qasm.hpp>

#include "broadcast.hpp"
#include "include_files.hpp"
#include "openqasm3_syntax.hpp"
#include "token_stream.hpp"

namespace qzone::qasm {
namespace {

using namespace openqasm3;
using complex = std::complex<double>;

constexpr unsigned long long max_register_size = 1'000'000;
constexpr unsigned max_block_depth = 64;      ///< if/for/while/blocks inside each other
constexpr unsigned max_gate_depth = 1000;     ///< gates defined through gates
constexpr unsigned long long max_loop_iterations = 100'000'000; ///< all for iterations of a program
constexpr std::uint64_t max_compared_values = 256; ///< `c < v` is an or of at most this many values
/// The reader's own flag k is bit scratch_base + k until the end, when the
/// flags are numbered after the declared bits.
constexpr unsigned scratch_base = 1u << 31;

/// stdgates.inc: each name, and the catalogue's name for it.
const std::map<std::string, std::string>& standard_gates() {
    static const std::map<std::string, std::string> names = {
        {"p", "p"},     {"x", "x"},         {"y", "y"},           {"z", "z"},     {"h", "h"},     {"s", "s"},
        {"sdg", "sdg"}, {"t", "t"},         {"tdg", "tdg"},       {"sx", "sx"},   {"rx", "rx"},   {"ry", "ry"},
        {"rz", "rz"},   {"cx", "cx"},       {"cy", "cy"},         {"cz", "cz"},   {"cp", "cp"},   {"crx", "crx"},
        {"cry", "cry"}, {"crz", "crz"},     {"ch", "ch"},         {"swap", "swap"}, {"ccx", "ccx"}, {"cswap", "cswap"},
        {"cu", "cu"},   {"CX", "cx"},       {"phase", "p"},       {"cphase", "cp"}, {"id", "id"},   {"u1", "u1"},
        {"u2", "u2"},   {"u3", "u3"},
    };
    return names;
}

/// Words that start what qzone does not read, and what to call them.
const std::map<std::string, std::string>& refused_words() {
    static const std::map<std::string, std::string> words = {
        {"def", "subroutine definitions (def)"},
        {"extern", "extern declarations"},
        {"cal", "calibration blocks (cal)"},
        {"defcal", "calibration definitions (defcal)"},
        {"defcalgrammar", "calibration grammars (defcalgrammar)"},
        {"opaque", "opaque gates (qzone cannot simulate a gate without a definition)"},
        {"stretch", "stretch durations"},
        {"duration", "duration variables"},
        {"durationof", "durationof"},
        {"let", "aliases (let)"},
        {"array", "arrays of classical types"},
        {"switch", "switch statements"},
        {"return", "return statements"},
        {"end", "the end statement"},
        {"output", "output declarations"},
        {"int", "classical variables of type int"},
        {"uint", "classical variables of type uint"},
        {"float", "classical variables of type float"},
        {"bool", "classical variables of type bool"},
        {"complex", "classical variables of type complex"},
        {"angle", "classical variables of type angle"},
        {"pragma", "pragmas"},
    };
    return words;
}

/// A gate definition: its body kept as syntax, expanded at each use.
struct Definition {
    std::vector<std::string> parameters;
    std::vector<std::string> qubits;
    std::vector<GateCall> body;
    unsigned depth = 1; ///< gates defined through gates, down to U, gphase and stdgates.inc
    SourceHandle source;
};

/// A test of classical bits: [first_bit, first_bit + width) reads `value`
/// (or, negated, does not). A condition is a conjunction of these.
using Test = ClassicalCondition;
using Conjunction = std::vector<Test>;

Test bit_is(unsigned bit, int value) {
    Test test;
    test.first_bit = bit;
    test.width = 1;
    test.value = static_cast<std::uint64_t>(value);
    return test;
}

/// A global phase e^{i angle} before controls make it a phase on them: a
/// diagonal gate on no qubit.
Gate global_phase(double angle) { return gates::diagonal({}, {std::polar(1.0, angle)}, "gphase"); }
bool is_global_phase(const Gate& gate) { return gate.targets.empty() && gate.controls.empty(); }

/// A (per-scope) condition frame: what every operation inside it is also
/// conditioned on. A loop's frame holds its break test for the rest of the
/// loop, and its continue and running tests for the current iteration.
struct Frame {
    Conjunction tests;
    Conjunction iteration_tests;
    bool loop = false;
    std::optional<unsigned> break_flag, continue_flag;
};

class Reader3 {
public:
    Reader3(Circuit& circuit, const ReadOptions& options, const std::string& file_name)
        : circuit_(circuit), options_(options), includes_(file_name) {}

    void read(SourceHandle source, bool top_level) {
        TokenStream stream(std::move(source), Dialect::openqasm3);
        TokenStream* const including = in_;
        in_ = &stream;
        if (top_level) version_header();
        while (peek().kind != TokenKind::end) top_level_statement();
        in_ = including;
    }

    /// After the whole program: the reader's flags numbered after the declared bits.
    void finish() {
        if (scratch_high_ == 0) return;
        const unsigned first = circuit_.clbits;
        const auto renumber = [&](unsigned& bit) {
            if (bit >= scratch_base) bit = first + (bit - scratch_base);
        };
        std::function<void(ClassicalCondition&)> renumber_condition = [&](ClassicalCondition& c) {
            renumber(c.first_bit);
            for (ClassicalCondition& other : c.also) renumber_condition(other);
        };
        for (Operation& op : circuit_.operations) {
            if (op.kind == Operation::Kind::measure || op.kind == Operation::Kind::assign) renumber(op.clbit);
            if (op.condition) renumber_condition(*op.condition);
        }
        circuit_.clbits += scratch_high_;
    }

    const std::vector<std::string>& inputs() const { return inputs_; }

private:
    // ---- tokens -------------------------------------------------------------

    const Token& peek(std::size_t ahead = 0) { return in_->peek(ahead); }
    Token next() { return in_->next(); }
    bool accept(TokenKind kind) { return in_->accept(kind); }
    bool at_keyword(const char* word) { return in_->at_keyword(word); }
    Token expect(TokenKind kind, const std::string& context) { return in_->expect(kind, context); }
    [[noreturn]] void fail(const std::string& message, const Token& at) const { in_->fail(message, at); }
    [[noreturn]] void fail_at(const std::string& message, unsigned line, unsigned column) const {
        in_->fail(message, line, column);
    }
    static std::string found(const Token& token) { return TokenStream::found(token); }
    Expression expression() { return parse_expression(*in_, &names_); }

    // ---- declarations (top level only) ----------------------------------------

    /// `OPENQASM 3;` (declares_openqasm3 found the word and the 3).
    void version_header() {
        next();
        const Token version = expect(TokenKind::number, "after OPENQASM");
        if (version.text != "3" && version.text != "3.0" && version.text != "3.1")
            fail("OpenQASM " + std::string(version.text) + " is not read here; qzone reads OpenQASM 2.0 and 3", version);
        expect(TokenKind::semicolon, "after the OpenQASM version");
    }

    void top_level_statement() {
        const Token first = peek();
        if (first.kind == TokenKind::identifier) {
            const std::string_view word = first.text;
            if (word == "OPENQASM") fail("'OPENQASM' may only be the first statement", first);
            if (word == "include") return include();
            if (word == "qubit" || word == "bit") return declare_register(word == "qubit", false);
            if (word == "qreg" || word == "creg") return declare_register(word == "qreg", true);
            if (word == "input") return input_declaration();
            if (word == "const") return const_declaration();
            if (word == "gate") return gate_definition();
        }
        const Statement statement = parse_statement(0);
        run(statement);
    }

    void include() {
        next();
        const Token file = expect(TokenKind::string, "(the file name) after include");
        expect(TokenKind::semicolon, "after the include");
        if (file.text == "stdgates.inc") {
            standard_gates_included_ = true; // built in; including it twice changes nothing
            return;
        }
        if (file.text == "qelib1.inc")
            fail("qelib1.inc is OpenQASM 2's library; an OpenQASM 3 program includes \"stdgates.inc\"", file);
        read(includes_.open(file, *in_), false);
        includes_.close();
    }

    /// A name no register, input, constant or loop variable has yet (gates
    /// are looked up apart: a register may be called s or h).
    std::string new_name(const Token& name) {
        const std::string text(name.text);
        if (quantum_registers_.count(text) || classical_registers_.count(text) ||
            std::find(names_.begin(), names_.end(), text) != names_.end())
            fail("'" + text + "' is already declared", name);
        return text;
    }

    /// `qubit[n] q;`, `qubit q;`, `bit[n] c;`, `bit c;`, `qreg q[n];`, `creg c[n];`.
    void declare_register(bool quantum, bool old_style) {
        next();
        unsigned long long size = 1;
        Token size_token = peek();
        const auto read_size = [&] {
            size_token = peek();
            size = in_->expect_natural("as the register size");
            expect(TokenKind::right_bracket, "after the register size");
        };
        if (!old_style && accept(TokenKind::left_bracket)) read_size();
        const Token name_token = expect(TokenKind::identifier, "(the register name)");
        if (old_style && accept(TokenKind::left_bracket)) read_size();
        if (peek().kind == TokenKind::assign)
            fail("initial values of declared bits are not supported; assign the bits after the declaration", peek());
        expect(TokenKind::semicolon, "after the declaration");
        const std::string name = new_name(name_token);
        if (size == 0 || size > max_register_size)
            fail("register size " + std::to_string(size) + " is out of range (1 to " +
                     std::to_string(max_register_size) + ")",
                 size_token);
        if (quantum && uses_physical_qubits_)
            fail("a program that uses physical qubits ($n) cannot declare qubits as well", name_token);
        unsigned& total = quantum ? circuit_.qubits : circuit_.clbits;
        if (total + size > max_register_size) fail("too many bits in all registers together", size_token);
        const Register reg{name, total, static_cast<unsigned>(size)};
        total += static_cast<unsigned>(size);
        (quantum ? quantum_registers_ : classical_registers_)[name] = reg;
        (quantum ? circuit_.quantum_registers : circuit_.classical_registers).push_back(reg);
    }

    /// A type name with an optional [width]; `allowed` lists those accepted.
    std::string scalar_type(const std::vector<std::string>& allowed, const std::string& context) {
        const Token type = expect(TokenKind::identifier, "(the type) " + context);
        if (std::find(allowed.begin(), allowed.end(), type.text) == allowed.end()) {
            std::string list;
            for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
            fail(context + " must be one of " + list + ", not '" + std::string(type.text) + "'", type);
        }
        if (accept(TokenKind::left_bracket)) {
            in_->expect_natural("as the width");
            expect(TokenKind::right_bracket, "after the width");
        }
        return std::string(type.text);
    }

    /// `input float[64] name;` or `input angle name;`: bound by the caller.
    void input_declaration() {
        next();
        scalar_type({"float", "angle"}, "an input");
        const Token name_token = expect(TokenKind::identifier, "(the input's name)");
        expect(TokenKind::semicolon, "after the input");
        const std::string name = new_name(name_token);
        const auto value = options_.parameters.find(name);
        if (value == options_.parameters.end())
            fail("input '" + name + "' has no value: bind it (qzone run --param " + name +
                     "=VALUE, or a batch task's \"parameters\")",
                 name_token);
        inputs_.push_back(name);
        names_.push_back(name);
        values_[name] = value->second;
    }

    /// `const TYPE name = expression;`
    void const_declaration() {
        next();
        const std::string type = scalar_type({"int", "uint", "float", "angle"}, "a constant");
        const Token name_token = expect(TokenKind::identifier, "(the constant's name)");
        expect(TokenKind::assign, "after the constant's name");
        const Expression e = expression();
        expect(TokenKind::semicolon, "after the constant");
        double value = evaluate(e, values_, *in_->source());
        if ((type == "int" || type == "uint") && value != std::trunc(value))
            fail("constant '" + std::string(name_token.text) + "' is an " + type + " but its value is " +
                     std::to_string(value),
                 name_token);
        const std::string name = new_name(name_token);
        names_.push_back(name);
        constants_.push_back(name);
        values_[name] = value;
    }

    // ---- gate definitions -----------------------------------------------------

    bool is_standard_gate(const std::string& name) const {
        return standard_gates_included_ && standard_gates().count(name) > 0;
    }

    std::vector<std::string> identifier_list(const char* what) {
        std::vector<std::string> names{std::string(expect(TokenKind::identifier, std::string("(a ") + what + ")").text)};
        while (accept(TokenKind::comma))
            names.emplace_back(expect(TokenKind::identifier, std::string("(a ") + what + ")").text);
        return names;
    }

    void gate_definition() {
        next();
        const Token name_token = expect(TokenKind::identifier, "(the gate name)");
        const std::string name(name_token.text);
        if (name == "U" || name == "gphase" || gates_.count(name) || is_standard_gate(name))
            fail("gate '" + name + "' is already defined", name_token);
        Definition definition;
        definition.source = in_->source();
        if (accept(TokenKind::left_paren)) {
            if (peek().kind != TokenKind::right_paren) definition.parameters = identifier_list("parameter");
            expect(TokenKind::right_paren, "after the gate's parameters");
        }
        if (peek().kind != TokenKind::left_brace) definition.qubits = identifier_list("qubit argument");
        for (const auto* names : {&definition.qubits, &definition.parameters}) {
            std::vector<std::string> sorted = *names;
            std::sort(sorted.begin(), sorted.end());
            if (const auto twice = std::adjacent_find(sorted.begin(), sorted.end()); twice != sorted.end())
                fail("gate '" + name + "' names '" + *twice + "' twice", name_token);
        }
        expect(TokenKind::left_brace, "to open the gate's body");
        // Inside: the parameters and the program's constants, nothing else.
        std::vector<std::string> saved_names = names_;
        names_ = constants_;
        names_.insert(names_.end(), definition.parameters.begin(), definition.parameters.end());
        while (!accept(TokenKind::right_brace)) {
            if (peek().kind == TokenKind::end) fail("the body of gate '" + name + "' is not closed with '}'", peek());
            if (at_keyword("barrier")) { // orders nothing for a simulator
                next();
                while (!accept(TokenKind::semicolon)) {
                    if (peek().kind == TokenKind::end) fail("expected ';' after the barrier", peek());
                    next();
                }
                continue;
            }
            GateCall call = parse_gate_call();
            for (const Operand& operand : call.operands)
                if (operand.index || operand.physical ||
                    std::find(definition.qubits.begin(), definition.qubits.end(), operand.name) ==
                        definition.qubits.end())
                    fail_at("inside gate '" + name + "', a gate acts on the gate's qubit arguments only", operand.line,
                            operand.column);
            definition.depth = std::max(definition.depth, depth_of(call.name) + 1);
            definition.body.push_back(std::move(call));
        }
        names_ = std::move(saved_names);
        if (definition.depth > max_gate_depth)
            fail("gate '" + name + "' is defined through more than " + std::to_string(max_gate_depth) +
                     " levels of other gates",
                 name_token);
        gates_[name] = std::move(definition);
    }

    unsigned depth_of(const std::string& name) const {
        const auto definition = gates_.find(name);
        return definition == gates_.end() ? 0 : definition->second.depth;
    }

    // ---- statements: syntax ---------------------------------------------------

    Statement parse_statement(unsigned depth) {
        if (depth > max_block_depth) fail("blocks nested too deeply", peek());
        const Token first = peek();
        Statement s;
        s.line = first.line;
        s.column = first.column;
        if (first.kind == TokenKind::left_brace) {
            s.kind = Statement::Kind::block;
            s.body = parse_block(depth);
            return s;
        }
        if (first.kind != TokenKind::identifier) fail("expected a statement, found " + found(first), first);
        const std::string word(first.text);
        if (word == "include" || word == "qubit" || word == "bit" || word == "qreg" || word == "creg" ||
            word == "input" || word == "const" || word == "gate")
            fail("'" + word + "' may only appear at the top level of the program, not inside a block", first);
        if (const auto refused = refused_words().find(word); refused != refused_words().end())
            fail(refused->second + " are not supported by qzone's OpenQASM 3 reader", first);
        if (word == "if") return parse_if(std::move(s), depth);
        if (word == "for") return parse_for(std::move(s), depth);
        if (word == "while") {
            next();
            s.kind = Statement::Kind::while_loop;
            s.value = parse_parenthesized_condition("while");
            ++loop_depth_;
            s.body = parse_body(depth);
            --loop_depth_;
            return s;
        }
        if (word == "break" || word == "continue") {
            next();
            if (loop_depth_ == 0) fail("'" + word + "' outside a loop", first);
            expect(TokenKind::semicolon, "after '" + word + "'");
            s.kind = word == "break" ? Statement::Kind::break_loop : Statement::Kind::continue_loop;
            return s;
        }
        if (word == "box") {
            next();
            if (peek().kind == TokenKind::left_bracket) fail("boxes with a duration are not supported", peek());
            s.kind = Statement::Kind::block;
            s.body = parse_block(depth);
            return s;
        }
        if (word == "measure") {
            next();
            s.kind = Statement::Kind::measure;
            s.operands.push_back(parse_operand());
            if (accept(TokenKind::arrow)) s.target = parse_operand();
            expect(TokenKind::semicolon, "after the measurement");
            return s;
        }
        if (word == "reset" || word == "barrier" || word == "delay") {
            next();
            if (word == "delay") skip_duration();
            s.kind = word == "reset" ? Statement::Kind::reset : Statement::Kind::barrier;
            if (peek().kind != TokenKind::semicolon || word == "reset") {
                s.operands.push_back(parse_operand());
                while (accept(TokenKind::comma)) s.operands.push_back(parse_operand());
            }
            expect(TokenKind::semicolon, "after " + word);
            return s;
        }
        if (peek(1).kind == TokenKind::assign || peek(1).kind == TokenKind::left_bracket) return parse_assignment();
        s.kind = Statement::Kind::gate;
        s.call = parse_gate_call();
        return s;
    }

    /// `delay[...]`: the duration is read over (a noiseless state does not wait).
    void skip_duration() {
        expect(TokenKind::left_bracket, "(the duration) after delay");
        while (!accept(TokenKind::right_bracket)) {
            if (peek().kind == TokenKind::end || peek().kind == TokenKind::semicolon)
                fail("expected ']' after the delay's duration, found " + found(peek()), peek());
            next();
        }
    }

    std::vector<Statement> parse_block(unsigned depth) {
        const Token open = expect(TokenKind::left_brace, "to open a block");
        std::vector<Statement> body;
        while (!accept(TokenKind::right_brace)) {
            if (peek().kind == TokenKind::end) fail("the block opened here is not closed with '}'", open);
            body.push_back(parse_statement(depth + 1));
        }
        return body;
    }

    /// A block, or a single statement, as the body of if, else, for and while.
    std::vector<Statement> parse_body(unsigned depth) {
        if (peek().kind == TokenKind::left_brace) return parse_block(depth);
        std::vector<Statement> body;
        body.push_back(parse_statement(depth + 1));
        return body;
    }

    Classical parse_parenthesized_condition(const std::string& after) {
        expect(TokenKind::left_paren, "after '" + after + "'");
        Classical condition = parse_classical(0);
        expect(TokenKind::right_paren, "after the condition");
        return condition;
    }

    /// `s`: located at the keyword, which is next.
    Statement parse_if(Statement s, unsigned depth) {
        next();
        s.kind = Statement::Kind::if_else;
        s.value = parse_parenthesized_condition("if");
        s.body = parse_body(depth);
        if (at_keyword("else")) {
            next();
            s.otherwise = parse_body(depth);
        }
        return s;
    }

    /// `s`: located at the keyword, which is next.
    Statement parse_for(Statement s, unsigned depth) {
        next();
        s.kind = Statement::Kind::for_loop;
        if (peek(1).kind != TokenKind::identifier || !(peek(1).text == "in")) // a type first
            scalar_type({"int", "uint", "float", "angle"}, "a loop variable");
        const Token variable = expect(TokenKind::identifier, "(the loop variable)");
        s.variable = new_name(variable);
        if (!at_keyword("in")) fail("expected 'in' after the loop variable, found " + found(peek()), peek());
        next();
        if (accept(TokenKind::left_bracket)) {
            s.range = true;
            s.values.push_back(expression());
            expect(TokenKind::colon, "in the range");
            s.values.push_back(expression());
            if (accept(TokenKind::colon)) s.values.push_back(expression());
            expect(TokenKind::right_bracket, "after the range");
        } else if (accept(TokenKind::left_brace)) {
            s.values.push_back(expression());
            while (accept(TokenKind::comma)) s.values.push_back(expression());
            expect(TokenKind::right_brace, "after the values");
        } else {
            fail("expected a range [a:b] or values {a, b} after 'in', found " + found(peek()), peek());
        }
        names_.push_back(s.variable);
        ++loop_depth_;
        s.body = parse_body(depth);
        --loop_depth_;
        names_.pop_back();
        return s;
    }

    /// `bits = measure qubits;` or `bits = value;`
    Statement parse_assignment() {
        Statement s;
        s.line = peek().line;
        s.column = peek().column;
        s.target = parse_operand();
        if (!classical_registers_.count(s.target->name))
            fail_at("'" + s.target->name + "' is not a classical register: only bits can be assigned", s.line,
                    s.column);
        expect(TokenKind::assign, "in the assignment");
        if (at_keyword("measure")) {
            next();
            s.kind = Statement::Kind::measure;
            s.operands.push_back(parse_operand());
        } else {
            s.kind = Statement::Kind::assign;
            s.value = parse_classical(0);
        }
        expect(TokenKind::semicolon, "after the assignment");
        return s;
    }

    /// `q`, `q[i]` or `$n`.
    Operand parse_operand() {
        const Token start = peek();
        Operand operand;
        operand.line = start.line;
        operand.column = start.column;
        if (start.kind == TokenKind::hardware_qubit) {
            next();
            if (start.number >= static_cast<double>(max_register_size))
                fail("physical qubit " + std::string(start.text) + " is out of range", start);
            if (!quantum_registers_.empty())
                fail("a program that declares qubits cannot use physical qubits ($n) as well", start);
            operand.physical = static_cast<unsigned>(start.number);
            return operand;
        }
        operand.name = std::string(expect(TokenKind::identifier, "(a register, a bit or a qubit)").text);
        if (accept(TokenKind::left_bracket)) {
            operand.index = expression();
            if (peek().kind == TokenKind::colon || peek().kind == TokenKind::comma)
                fail("register slices and index lists are not supported; index one bit or qubit at a time", peek());
            expect(TokenKind::right_bracket, "after the index");
        }
        return operand;
    }

    GateCall parse_gate_call() {
        GateCall call;
        call.line = peek().line;
        call.column = peek().column;
        while ((at_keyword("ctrl") || at_keyword("negctrl") || at_keyword("inv") || at_keyword("pow")) &&
               (peek(1).kind == TokenKind::at || peek(1).kind == TokenKind::left_paren)) {
            const Token word = next();
            Modifier modifier;
            modifier.line = word.line;
            modifier.column = word.column;
            modifier.kind = word.text == "ctrl"      ? Modifier::Kind::ctrl
                            : word.text == "negctrl" ? Modifier::Kind::negctrl
                            : word.text == "inv"     ? Modifier::Kind::inv
                                                     : Modifier::Kind::pow;
            if (accept(TokenKind::left_paren)) {
                if (modifier.kind == Modifier::Kind::inv) fail("'inv' takes no argument", word);
                modifier.argument = expression();
                expect(TokenKind::right_paren, "after the modifier's argument");
            } else if (modifier.kind == Modifier::Kind::pow) {
                fail("'pow' needs its exponent: pow(k) @", word);
            }
            expect(TokenKind::at, "after the modifier");
            call.modifiers.push_back(std::move(modifier));
        }
        const Token name = expect(TokenKind::identifier, "(a gate)");
        call.name = std::string(name.text);
        if (call.name != "U" && call.name != "gphase" && !gates_.count(call.name) && !is_standard_gate(call.name))
            fail("unknown gate '" + call.name + "'" +
                     (standard_gates().count(call.name) && !standard_gates_included_
                          ? std::string(" (did you forget 'include \"stdgates.inc\";'?)")
                          : std::string()),
                 name);
        if (accept(TokenKind::left_paren)) {
            if (peek().kind != TokenKind::right_paren) {
                call.parameters.push_back(expression());
                while (accept(TokenKind::comma)) call.parameters.push_back(expression());
            }
            expect(TokenKind::right_paren, "after the gate's parameters");
        }
        const std::size_t expected = parameter_count(call.name);
        if (call.parameters.size() != expected)
            fail("gate '" + call.name + "' takes " + std::to_string(expected) + " parameter(s), got " +
                     std::to_string(call.parameters.size()),
                 name);
        if (peek().kind != TokenKind::semicolon) {
            call.operands.push_back(parse_operand());
            while (accept(TokenKind::comma)) call.operands.push_back(parse_operand());
        }
        expect(TokenKind::semicolon, "after the gate");
        return call;
    }

    std::size_t parameter_count(const std::string& name) const {
        if (name == "U") return 3;
        if (name == "gphase") return 1;
        if (const auto definition = gates_.find(name); definition != gates_.end())
            return definition->second.parameters.size();
        static const std::map<std::string, std::size_t> counts = {
            {"p", 1}, {"rx", 1}, {"ry", 1}, {"rz", 1}, {"cp", 1}, {"crx", 1}, {"cry", 1}, {"crz", 1},
            {"cu", 4}, {"phase", 1}, {"cphase", 1}, {"u1", 1}, {"u2", 2}, {"u3", 3}};
        const auto count = counts.find(name);
        return count == counts.end() ? 0 : count->second;
    }

    /// or := and ('||' and)*; and := not ('&&' not)*; not := '!' not | comparison;
    /// comparison := atom [op atom]; atom := '(' or ')' | true | false | bits | number.
    /// A chain of || (or of &&) is one node, however long: nesting comes only
    /// from parentheses and !, and is bounded.
    Classical parse_classical(unsigned depth) {
        if (depth > max_block_depth) fail("condition nested too deeply", peek());
        std::vector<Classical> operands{parse_conjunction(depth)};
        const Token first = peek();
        while (peek().kind == TokenKind::or_or) {
            next();
            operands.push_back(parse_conjunction(depth));
        }
        return gather(Classical::Kind::disjunction, std::move(operands), first);
    }
    Classical parse_conjunction(unsigned depth) {
        std::vector<Classical> operands{parse_negation(depth)};
        const Token first = peek();
        while (peek().kind == TokenKind::and_and) {
            next();
            operands.push_back(parse_negation(depth));
        }
        return gather(Classical::Kind::conjunction, std::move(operands), first);
    }
    Classical parse_negation(unsigned depth) {
        if (depth > max_block_depth) fail("condition nested too deeply", peek());
        if (peek().kind == TokenKind::bang) {
            const Token op = next();
            Classical negation;
            negation.kind = Classical::Kind::negation;
            negation.line = op.line;
            negation.column = op.column;
            negation.operands.push_back(parse_negation(depth + 1));
            return negation;
        }
        Classical left = parse_classical_atom(depth);
        static const std::map<TokenKind, const char*> comparisons = {
            {TokenKind::equals, "=="},    {TokenKind::not_equals, "!="},   {TokenKind::less, "<"},
            {TokenKind::less_equal, "<="}, {TokenKind::greater, ">"}, {TokenKind::greater_equal, ">="}};
        if (const auto op = comparisons.find(peek().kind); op != comparisons.end()) {
            const Token at = next();
            Classical comparison = combine(Classical::Kind::comparison, std::move(left),
                                           parse_classical_atom(depth), at);
            comparison.comparison = op->second;
            return comparison;
        }
        return left;
    }
    Classical parse_classical_atom(unsigned depth) {
        const Token start = peek();
        Classical atom;
        atom.line = start.line;
        atom.column = start.column;
        if (start.kind == TokenKind::left_paren) {
            next();
            atom = parse_classical(depth + 1);
            expect(TokenKind::right_paren, "to close the parenthesis");
            return atom;
        }
        if (start.kind == TokenKind::identifier && (start.text == "true" || start.text == "false")) {
            next();
            atom.number = Expression{};
            atom.number->value = start.text == "true" ? 1 : 0;
            return atom;
        }
        if (start.kind == TokenKind::identifier && classical_registers_.count(std::string(start.text))) {
            atom.kind = Classical::Kind::bits;
            atom.bits = parse_operand();
            return atom;
        }
        if (start.kind == TokenKind::identifier && quantum_registers_.count(std::string(start.text)))
            fail("'" + std::string(start.text) + "' is a quantum register, not a classical value", start);
        atom.number = expression();
        return atom;
    }
    /// The `kind` node of `operands` (located at its first operator `at`), or the one operand.
    static Classical gather(Classical::Kind kind, std::vector<Classical> operands, const Token& at) {
        if (operands.size() == 1) return std::move(operands[0]);
        Classical c;
        c.kind = kind;
        c.line = at.line;
        c.column = at.column;
        c.operands = std::move(operands);
        return c;
    }
    static Classical combine(Classical::Kind kind, Classical left, Classical right, const Token& at) {
        Classical c;
        c.kind = kind;
        c.line = at.line;
        c.column = at.column;
        c.operands.push_back(std::move(left));
        c.operands.push_back(std::move(right));
        return c;
    }

    // ---- statements: elaboration -----------------------------------------------

    void run(const Statement& s) {
        switch (s.kind) {
        case Statement::Kind::gate: return run_gate_call(s.call);
        case Statement::Kind::measure: return run_measure(s);
        case Statement::Kind::reset:
            for (const Operand& operand : s.operands)
                for (unsigned q : qubits_of(operand)) {
                    Operation op;
                    op.kind = Operation::Kind::reset;
                    op.qubits = {q};
                    push(std::move(op), s.line, s.column);
                }
            return;
        case Statement::Kind::barrier: {
            Operation op;
            op.kind = Operation::Kind::barrier;
            for (const Operand& operand : s.operands)
                for (unsigned q : qubits_of(operand)) op.qubits.push_back(q);
            if (s.operands.empty())
                for (unsigned q = 0; q < circuit_.qubits; ++q) op.qubits.push_back(q);
            return push(std::move(op), s.line, s.column);
        }
        case Statement::Kind::assign: return run_assignment(s);
        case Statement::Kind::block: return run_block(s.body);
        case Statement::Kind::if_else: return run_if(s);
        case Statement::Kind::for_loop: return run_for(s);
        case Statement::Kind::while_loop: return run_while(s);
        case Statement::Kind::break_loop:
        case Statement::Kind::continue_loop: {
            Frame& loop = innermost_loop();
            const bool is_break = s.kind == Statement::Kind::break_loop;
            const unsigned flag = *(is_break ? loop.break_flag : loop.continue_flag);
            emit_assign(flag, 1, current_tests(), s.line, s.column);
            // Whatever follows, in this iteration (continue) or the whole loop (break), needs the flag clear.
            (is_break ? loop.tests : loop.iteration_tests).push_back(bit_is(flag, 0));
            return;
        }
        }
    }

    void run_block(const std::vector<Statement>& body) {
        for (const Statement& s : body) run(s);
    }

    void run_measure(const Statement& s) {
        const std::vector<unsigned> qubits = qubits_of(s.operands[0]);
        std::vector<unsigned> bits;
        const ScratchScope scope(*this);
        if (s.target) {
            bits = bits_of(*s.target);
        } else { // a result nobody reads: one flag takes them all
            bits.assign(qubits.size(), allocate_flag());
        }
        if (bits.size() != qubits.size())
            fail_at("measure: " + std::to_string(qubits.size()) + " qubit(s) into " + std::to_string(bits.size()) +
                        " bit(s)",
                    s.line, s.column);
        for (std::size_t i = 0; i < qubits.size(); ++i) {
            Operation op;
            op.kind = Operation::Kind::measure;
            op.qubits = {qubits[i]};
            op.clbit = bits[i];
            push(std::move(op), s.line, s.column);
        }
    }

    void run_assignment(const Statement& s) {
        const std::vector<unsigned> bits = bits_of(*s.target);
        const Classical& value = *s.value;
        if (value.kind == Classical::Kind::number) {
            const double v = evaluate(*value.number, values_, *in_->source());
            if (v < 0 || v != std::trunc(v) || (bits.size() < 64 && v >= std::ldexp(1.0, static_cast<int>(bits.size()))))
                fail_at("the value " + std::to_string(v) + " does not fit " + std::to_string(bits.size()) + " bit(s)",
                        value.line, value.column);
            const auto integer = static_cast<std::uint64_t>(v);
            for (std::size_t j = 0; j < bits.size(); ++j)
                emit_assign(bits[j], j < 64 ? static_cast<int>(integer >> j & 1) : 0, current_tests(), s.line,
                            s.column);
            return;
        }
        if (bits.size() != 1)
            fail_at("only a single bit can be assigned a condition; a register takes an integer", s.line, s.column);
        const ScratchScope scope(*this);
        const unsigned flag = materialize(compile(value)); // first: the value may read the bit assigned
        emit_assign(bits[0], 0, current_tests(), s.line, s.column);
        Conjunction set = current_tests();
        set.push_back(bit_is(flag, 1));
        emit_assign(bits[0], 1, set, s.line, s.column);
    }

    void run_if(const Statement& s) {
        const ScratchScope scope(*this);
        Conjunction tests = compile(*s.value);
        if (tests.empty()) return run_block(s.body); // always true
        // Kept in a flag first when the bodies may overwrite what the test reads,
        // or when an else needs the negation of several tests.
        if ((tests.size() > 1 && !s.otherwise.empty()) || writes_any(s.body, tests) || writes_any(s.otherwise, tests))
            tests = {bit_is(materialize(tests), 1)};
        frames_.push_back(Frame{tests, {}, false, {}, {}});
        run_block(s.body);
        frames_.pop_back();
        if (s.otherwise.empty()) return;
        Test negation = tests[0];
        negation.negated = !negation.negated;
        frames_.push_back(Frame{{negation}, {}, false, {}, {}});
        run_block(s.otherwise);
        frames_.pop_back();
    }

    void run_for(const Statement& s) {
        // The values: start + k step up to stop (made one at a time), or those listed.
        const SourceFile& source = *in_->source();
        double start = 0, step = 1, count = static_cast<double>(s.values.size());
        if (s.range) {
            start = evaluate(s.values[0], values_, source);
            step = s.values.size() == 3 ? evaluate(s.values[1], values_, source) : 1;
            const double stop = evaluate(s.values.back(), values_, source);
            if (step == 0) fail_at("the range's step is 0", s.line, s.column);
            count = std::max(0.0, std::floor((stop - start) / step) + 1);
        }
        if (count + static_cast<double>(loop_iterations_) > static_cast<double>(max_loop_iterations))
            fail_at("the program's for loops run more than " + std::to_string(max_loop_iterations) +
                        " iterations in all",
                    s.line, s.column);
        loop_iterations_ += static_cast<unsigned long long>(count);
        const ScratchScope scope(*this);
        frames_.push_back(open_loop(s.body));
        for (double k = 0; k < count; ++k) {
            values_[s.variable] = s.range ? start + k * step
                                          : evaluate(s.values[static_cast<std::size_t>(k)], values_, source);
            start_iteration();
            run_block(s.body);
        }
        frames_.pop_back();
        values_.erase(s.variable);
    }

    void run_while(const Statement& s) {
        const ScratchScope scope(*this);
        const unsigned running = allocate_flag();
        frames_.push_back(open_loop(s.body));
        for (unsigned iteration = 0; iteration < options_.max_while_iterations; ++iteration) {
            start_iteration();
            // The test, kept before the body overwrites what it reads.
            const ScratchScope test_scope(*this);
            Conjunction tests = current_tests();
            for (const Test& t : compile(*s.value)) tests.push_back(t);
            emit_assign(running, 0, {}, s.line, s.column);
            emit_assign(running, 1, tests, s.line, s.column);
            frames_.back().iteration_tests.push_back(bit_is(running, 1));
            run_block(s.body);
        }
        frames_.back().iteration_tests.clear();
        Conjunction still_running = current_tests();
        for (const Test& t : compile(*s.value)) still_running.push_back(t);
        Operation abort;
        abort.kind = Operation::Kind::abort;
        abort.message = "the while loop is still running after " + std::to_string(options_.max_while_iterations) +
                        " iterations, the most qzone unrolls";
        push(std::move(abort), s.line, s.column, still_running);
        frames_.pop_back();
    }

    /// A loop's frame, with a break flag and a continue flag if its body uses them.
    Frame open_loop(const std::vector<Statement>& body) {
        Frame loop;
        loop.loop = true;
        if (uses(body, Statement::Kind::break_loop)) {
            loop.break_flag = allocate_flag();
            emit_assign(*loop.break_flag, 0, {}, 0, 0);
        }
        if (uses(body, Statement::Kind::continue_loop)) loop.continue_flag = allocate_flag();
        return loop;
    }

    void start_iteration() {
        Frame& loop = frames_.back();
        loop.iteration_tests.clear();
        if (loop.continue_flag) emit_assign(*loop.continue_flag, 0, {}, 0, 0);
    }

    Frame& innermost_loop() {
        for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame)
            if (frame->loop) return *frame;
        throw std::logic_error("break or continue outside a loop passed the parser");
    }

    /// Whether `body` has a break or continue (`kind`) of its own loop.
    static bool uses(const std::vector<Statement>& body, Statement::Kind kind) {
        for (const Statement& s : body) {
            if (s.kind == kind) return true;
            if ((s.kind == Statement::Kind::if_else || s.kind == Statement::Kind::block) &&
                (uses(s.body, kind) || uses(s.otherwise, kind)))
                return true;
        }
        return false;
    }

    /// Whether `body` may write a bit that `tests` read (whole registers
    /// counted: an index may depend on a loop variable).
    bool writes_any(const std::vector<Statement>& body, const Conjunction& tests) const {
        for (const Statement& s : body) {
            if (s.target) {
                const Register& reg = classical_registers_.at(s.target->name);
                for (const Test& t : tests)
                    if (t.first_bit < reg.offset + reg.size && reg.offset < t.first_bit + t.width) return true;
            }
            if (writes_any(s.body, tests) || writes_any(s.otherwise, tests)) return true;
        }
        return false;
    }

    // ---- classical tests ---------------------------------------------------------

    /// `c` as a conjunction of tests, emitting what it needs to keep in flags
    /// (an or, a negated and, an order comparison).
    Conjunction compile(const Classical& c) {
        switch (c.kind) {
        case Classical::Kind::bits: { // a bit, or a register that is not 0
            const std::vector<unsigned> bits = bits_of(c.bits);
            if (bits.size() == 1) return {bit_is(bits[0], 1)};
            Test nonzero = register_test(c.bits);
            nonzero.negated = true;
            return {nonzero};
        }
        case Classical::Kind::number: return constant(evaluate(*c.number, values_, *in_->source()) != 0);
        case Classical::Kind::negation: {
            Conjunction inner = compile(c.operands[0]);
            if (inner.empty()) return constant(false);
            if (inner.size() > 1) inner = {bit_is(materialize(inner), 1)};
            inner[0].negated = !inner[0].negated;
            return inner;
        }
        case Classical::Kind::conjunction: {
            Conjunction all;
            for (const Classical& operand : c.operands)
                for (const Test& t : compile(operand)) all.push_back(t);
            return all;
        }
        case Classical::Kind::disjunction: {
            const unsigned flag = allocate_flag();
            emit_assign(flag, 0, {}, c.line, c.column);
            for (const Classical& operand : c.operands) emit_assign(flag, 1, compile(operand), c.line, c.column);
            return {bit_is(flag, 1)};
        }
        case Classical::Kind::comparison: return compile_comparison(c);
        }
        return {};
    }

    Conjunction compile_comparison(const Classical& c) {
        const Classical* bits = &c.operands[0];
        const Classical* number = &c.operands[1];
        std::string op = c.comparison;
        if (bits->kind != Classical::Kind::bits) { // `5 == c`: the same as `c == 5`, with < and > mirrored
            std::swap(bits, number);
            static const std::map<std::string, std::string> mirrored = {
                {"<", ">"}, {">", "<"}, {"<=", ">="}, {">=", "<="}, {"==", "=="}, {"!=", "!="}};
            op = mirrored.at(op);
        }
        if (number->kind != Classical::Kind::number) {
            if (bits->kind == Classical::Kind::bits)
                fail_at("comparing two classical values is not supported; compare a register or bit with a number",
                        c.line, c.column);
            const double a = evaluate(*c.operands[0].number, values_, *in_->source());
            const double b = evaluate(*c.operands[1].number, values_, *in_->source());
            fail_at("a comparison of two numbers is not supported here (" + std::to_string(a) + " " + op + " " +
                        std::to_string(b) + ")",
                    c.line, c.column);
        }
        if (bits->kind != Classical::Kind::bits)
            fail_at("a comparison needs a register or a bit on one side", c.line, c.column);
        const double value = evaluate(*number->number, values_, *in_->source());
        const Test reg = register_test(bits->bits);
        const double states = std::ldexp(1.0, static_cast<int>(std::min(reg.width, 64u)));
        if (value != std::trunc(value))
            fail_at("a register is compared with an integer, not " + std::to_string(value), c.line, c.column);
        if (op == "==" || op == "!=") {
            if (value < 0 || value >= states) return constant(op == "!="); // never equal
            Test test = reg;
            test.value = static_cast<std::uint64_t>(value);
            test.negated = op == "!=";
            return {test};
        }
        // An order comparison: the values that satisfy it are [0, bound) for < and <=,
        // [bound, states) for > and >=; a flag marks the smaller of that set and the rest.
        const bool lower = op[0] == '<';
        const double bound = std::clamp(op == "<" || op == ">=" ? value : value + 1, 0.0, states);
        const double satisfying = lower ? bound : states - bound;
        if (satisfying == 0 || satisfying == states) return constant(satisfying == states);
        if (std::min(bound, states - bound) > static_cast<double>(max_compared_values))
            fail_at("comparing a register of " + std::to_string(reg.width) + " bits with " + op +
                        " is supported for at most " + std::to_string(max_compared_values) +
                        " values on one side of the bound",
                    c.line, c.column);
        const bool mark_lower = bound <= states - bound; // the flag is 1 on [0, bound), else on [bound, states)
        const unsigned flag = allocate_flag();
        emit_assign(flag, 0, {}, c.line, c.column);
        for (double v = mark_lower ? 0 : bound; v < (mark_lower ? bound : states); ++v) {
            Test equal = reg;
            equal.value = static_cast<std::uint64_t>(v);
            emit_assign(flag, 1, {equal}, c.line, c.column);
        }
        return {bit_is(flag, mark_lower == lower ? 1 : 0)};
    }

    /// A test of all of a register's bits (or the one bit an operand names).
    Test register_test(const Operand& operand) const {
        const std::vector<unsigned> bits = bits_of(operand);
        Test test;
        test.first_bit = bits.front();
        test.width = static_cast<unsigned>(bits.size());
        return test;
    }

    /// Always true: no test; always false: a flag that is never set.
    Conjunction constant(bool value) {
        if (value) return {};
        const unsigned flag = allocate_flag();
        emit_assign(flag, 0, {}, 0, 0);
        return {bit_is(flag, 1)};
    }

    /// A flag set to 1 where every test of `tests` holds, 0 elsewhere.
    unsigned materialize(const Conjunction& tests) {
        const unsigned flag = allocate_flag();
        emit_assign(flag, 0, {}, 0, 0);
        emit_assign(flag, 1, tests, 0, 0);
        return flag;
    }

    /// Flags are taken and given back in scopes: a statement's are free again after it.
    unsigned allocate_flag() {
        const unsigned flag = scratch_base + scratch_top_++;
        scratch_high_ = std::max(scratch_high_, scratch_top_);
        return flag;
    }
    class ScratchScope {
    public:
        explicit ScratchScope(Reader3& reader) : reader_(reader), top_(reader.scratch_top_) {}
        ~ScratchScope() { reader_.scratch_top_ = top_; }
        ScratchScope(const ScratchScope&) = delete;
        ScratchScope& operator=(const ScratchScope&) = delete;

    private:
        Reader3& reader_;
        unsigned top_;
    };

    Conjunction current_tests() const {
        Conjunction tests;
        for (const Frame& frame : frames_) {
            tests.insert(tests.end(), frame.tests.begin(), frame.tests.end());
            tests.insert(tests.end(), frame.iteration_tests.begin(), frame.iteration_tests.end());
        }
        return tests;
    }

    // ---- operands -------------------------------------------------------------

    /// The value of an index expression: a non-negative integer below `size`.
    unsigned index_of(const Operand& operand, unsigned size) const {
        const double index = evaluate(*operand.index, values_, *in_->source());
        if (index != std::trunc(index) || index < 0 || index >= size)
            fail_at("index " + std::to_string(index) + " is out of range for register '" + operand.name +
                        "' of size " + std::to_string(size),
                    operand.line, operand.column);
        return static_cast<unsigned>(index);
    }

    std::vector<unsigned> qubits_of(const Operand& operand) {
        if (operand.physical) {
            uses_physical_qubits_ = true;
            circuit_.qubits = std::max(circuit_.qubits, *operand.physical + 1);
            return {*operand.physical};
        }
        const auto reg = quantum_registers_.find(operand.name);
        if (reg == quantum_registers_.end())
            fail_at("'" + operand.name + "' is not a quantum register" +
                        (classical_registers_.count(operand.name) ? " (it is a classical register)" : ""),
                    operand.line, operand.column);
        return members(reg->second, operand);
    }

    std::vector<unsigned> bits_of(const Operand& operand) const {
        const auto reg = classical_registers_.find(operand.name);
        if (operand.physical || reg == classical_registers_.end())
            fail_at("'" + (operand.physical ? "$" + std::to_string(*operand.physical) : operand.name) +
                        "' is not a classical register",
                    operand.line, operand.column);
        return members(reg->second, operand);
    }

    std::vector<unsigned> members(const Register& reg, const Operand& operand) const {
        if (operand.index) return {reg.offset + index_of(operand, reg.size)};
        std::vector<unsigned> all(reg.size);
        for (unsigned j = 0; j < reg.size; ++j) all[j] = reg.offset + j;
        return all;
    }

    // ---- gates ----------------------------------------------------------------

    /// A gate applied at the top level or in a block, broadcast over registers.
    void run_gate_call(const GateCall& call) {
        std::vector<double> parameters;
        for (const Expression& e : call.parameters) parameters.push_back(evaluate(e, values_, *in_->source()));
        const auto resolve = [&](std::size_t j) { return qubits_of(call.operands[j]); };
        const auto refuse = [&](std::size_t j, const std::string& message) {
            fail_at(message, call.operands[j].line, call.operands[j].column);
        };
        for (const std::vector<unsigned>& qubits : broadcast(call.operands.size(), resolve, refuse)) {
            for (Gate& gate : expand(call, parameters, qubits, values_, *in_->source(), 0)) {
                if (is_global_phase(gate)) {
                    if (circuit_.qubits == 0) continue; // no state to carry it
                    const complex phase = gate.matrix[0];
                    gate = gates::diagonal({0}, {phase, phase}, "gphase");
                }
                Operation op;
                op.kind = Operation::Kind::gate;
                op.qubits = gate.targets;
                op.qubits.insert(op.qubits.end(), gate.controls.begin(), gate.controls.end());
                op.gate = std::move(gate);
                push(std::move(op), call.line, call.column);
            }
        }
    }

    /// The native gates of `call` on `qubits` (its modifiers' controls first),
    /// `parameters` evaluated; `values` gives the names its modifiers read.
    std::vector<Gate> expand(const GateCall& call, const std::vector<double>& parameters,
                             const std::vector<unsigned>& qubits, const std::map<std::string, double>& values,
                             const SourceFile& source, unsigned depth) {
        const auto located = [&](const std::string& message) { return source.error(message, call.line, call.column); };
        {
            std::vector<unsigned> sorted = qubits;
            std::sort(sorted.begin(), sorted.end());
            if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                throw located("gate '" + call.name + "' is given the same qubit twice");
        }
        // Each modifier's argument; the controls, outermost modifier's first.
        std::vector<double> arguments;
        std::size_t controls = 0;
        for (const Modifier& m : call.modifiers) {
            double argument = m.argument ? evaluate(*m.argument, values, source) : 1;
            if (m.kind == Modifier::Kind::ctrl || m.kind == Modifier::Kind::negctrl) {
                if (argument != std::trunc(argument) || argument < 1 || argument > 64)
                    throw source.error("the number of controls must be an integer from 1 to 64", m.line, m.column);
                controls += static_cast<std::size_t>(argument);
            }
            arguments.push_back(argument);
        }
        if (qubits.size() < controls)
            throw located("gate '" + call.name + "' has " + std::to_string(controls) + " control(s) but " +
                          std::to_string(qubits.size()) + " qubit(s)");
        const std::vector<unsigned> own(qubits.begin() + static_cast<std::ptrdiff_t>(controls), qubits.end());
        std::vector<Gate> result = expand_base(call, parameters, own, source, depth);
        std::size_t control_end = controls;
        for (std::size_t m = call.modifiers.size(); m-- > 0;) {
            const Modifier& modifier = call.modifiers[m];
            switch (modifier.kind) {
            case Modifier::Kind::inv:
                std::reverse(result.begin(), result.end());
                for (Gate& gate : result) gate = gates::inverse(std::move(gate));
                break;
            case Modifier::Kind::pow: result = power(std::move(result), arguments[m], source, modifier); break;
            case Modifier::Kind::ctrl:
            case Modifier::Kind::negctrl: {
                const auto count = static_cast<std::size_t>(arguments[m]);
                const std::vector<unsigned> on(qubits.begin() + static_cast<std::ptrdiff_t>(control_end - count),
                                               qubits.begin() + static_cast<std::ptrdiff_t>(control_end));
                control_end -= count;
                const int state = modifier.kind == Modifier::Kind::ctrl ? 1 : 0;
                for (Gate& gate : result) gate = add_controls(std::move(gate), on, state);
                break;
            }
            }
            if (result.size() > options_.max_operations)
                throw located("the gate expands to more than " + std::to_string(options_.max_operations) +
                              " operations");
        }
        return result;
    }

    /// The gate itself, before modifiers.
    std::vector<Gate> expand_base(const GateCall& call, const std::vector<double>& parameters,
                                  const std::vector<unsigned>& qubits, const SourceFile& source, unsigned depth) {
        const auto located = [&](const std::string& message) { return source.error(message, call.line, call.column); };
        const auto arity = [&](std::size_t expected) {
            if (qubits.size() != expected)
                throw located("gate '" + call.name + "' acts on " + std::to_string(expected) + " qubit(s), got " +
                              std::to_string(qubits.size()));
        };
        if (call.name == "gphase") {
            arity(0);
            return {global_phase(parameters[0])};
        }
        if (call.name == "U") {
            arity(1);
            return {gates::u(qubits[0], parameters[0], parameters[1], parameters[2])};
        }
        const auto definition = gates_.find(call.name);
        if (definition == gates_.end()) { // stdgates.inc
            const std::string& native = standard_gates().at(call.name);
            try {
                Gate gate = *gates::by_name(native, qubits, parameters, gates::GateConvention::openqasm3);
                gate.name = call.name;
                return {std::move(gate)};
            } catch (const InputError& e) {
                throw located(e.what() + std::string(call.modifiers.empty() ? "" : " (after its modifiers' controls)"));
            }
        }
        const Definition& d = definition->second;
        arity(d.qubits.size());
        std::map<std::string, double> values;
        for (const std::string& name : constants_) values[name] = values_.at(name);
        for (std::size_t j = 0; j < parameters.size(); ++j) values[d.parameters[j]] = parameters[j];
        std::vector<Gate> result;
        for (const GateCall& inner : d.body) {
            std::vector<double> inner_parameters;
            for (const Expression& e : inner.parameters) inner_parameters.push_back(evaluate(e, values, *d.source));
            std::vector<unsigned> inner_qubits;
            for (const Operand& operand : inner.operands) {
                const auto at = std::find(d.qubits.begin(), d.qubits.end(), operand.name);
                inner_qubits.push_back(qubits[static_cast<std::size_t>(at - d.qubits.begin())]);
            }
            for (Gate& gate : expand(inner, inner_parameters, inner_qubits, values, *d.source, depth + 1)) {
                result.push_back(std::move(gate));
                if (result.size() > options_.max_operations)
                    throw located("gate '" + call.name + "' expands to more than " +
                                  std::to_string(options_.max_operations) + " operations");
            }
        }
        return result;
    }

    /// `pow(k) @`: k repetitions (of the inverse for k < 0), or the principal
    /// power of a gate that is one native gate.
    std::vector<Gate> power(std::vector<Gate> gates, double exponent, const SourceFile& source, const Modifier& m) {
        const auto located = [&](const std::string& message) { return source.error(message, m.line, m.column); };
        if (exponent == std::trunc(exponent)) {
            if (exponent < 0) {
                std::reverse(gates.begin(), gates.end());
                for (Gate& gate : gates) gate = gates::inverse(std::move(gate));
            }
            const double times = std::abs(exponent);
            if (times * static_cast<double>(gates.size()) > static_cast<double>(options_.max_operations))
                throw located("pow(" + std::to_string(exponent) + ") expands to more than " +
                              std::to_string(options_.max_operations) + " operations");
            std::vector<Gate> repeated;
            for (double k = 0; k < times; ++k) repeated.insert(repeated.end(), gates.begin(), gates.end());
            return repeated;
        }
        std::vector<Gate> result;
        for (Gate& gate : gates) { // global phases commute: each takes the power alone
            if (!is_global_phase(gate) && !result.empty() && !is_global_phase(result.front()))
                throw located("pow with a non-integer exponent is supported for a gate that is one native gate; "
                              "this one expands to several");
            std::optional<Gate> powered = gates::power(gate, exponent);
            if (!powered)
                throw located("pow with a non-integer exponent is not supported for '" + gate.name +
                              "' (a swap, or a dense gate on several qubits)");
            if (is_global_phase(gate)) result.push_back(std::move(*powered));
            else result.insert(result.begin(), std::move(*powered));
        }
        return result;
    }

    /// `gate` controlled by `on` (all in `state`); a global phase becomes a
    /// phase on the controls.
    static Gate add_controls(Gate gate, const std::vector<unsigned>& on, int state) {
        const std::vector<int> states(on.size(), state);
        if (!is_global_phase(gate)) return gates::controlled(std::move(gate), on, states);
        const complex phase = gate.matrix[0];
        Gate first = gates::diagonal({on[0]}, state == 1 ? std::vector<complex>{1.0, phase}
                                                         : std::vector<complex>{phase, 1.0},
                                     "cgphase");
        if (on.size() == 1) return first;
        return gates::controlled(std::move(first), std::vector<unsigned>(on.begin() + 1, on.end()),
                                 std::vector<int>(states.begin() + 1, states.end()));
    }

    // ---- operations -------------------------------------------------------------

    void emit_assign(unsigned bit, int value, const Conjunction& tests, unsigned line, unsigned column) {
        Operation op;
        op.kind = Operation::Kind::assign;
        op.clbit = bit;
        op.bit_value = value;
        push(std::move(op), line, column, tests);
    }

    /// `operation` under the current frames' tests (or `tests`), located.
    void push(Operation operation, unsigned line, unsigned column, std::optional<Conjunction> tests = std::nullopt) {
        if (circuit_.operations.size() >= options_.max_operations)
            fail_at("the program expands to more than " + std::to_string(options_.max_operations) + " operations",
                    line, column);
        const Conjunction all = tests ? std::move(*tests) : current_tests();
        if (!all.empty()) {
            ClassicalCondition condition = all[0];
            condition.also.assign(all.begin() + 1, all.end());
            operation.condition = std::move(condition);
        }
        operation.where = SourceLocation{in_->source()->name, line, column};
        circuit_.operations.push_back(std::move(operation));
    }

    Circuit& circuit_;
    const ReadOptions& options_;
    IncludeFiles includes_;
    TokenStream* in_ = nullptr;
    bool standard_gates_included_ = false;
    bool uses_physical_qubits_ = false;
    std::map<std::string, Definition> gates_;
    std::map<std::string, Register> quantum_registers_, classical_registers_;
    std::vector<std::string> inputs_, constants_;
    std::vector<std::string> names_;              ///< what expressions may name here
    std::map<std::string, double> values_;        ///< inputs, constants and loop variables
    std::vector<Frame> frames_;
    unsigned loop_depth_ = 0;                     ///< while parsing: loops around the statement
    unsigned long long loop_iterations_ = 0;
    unsigned scratch_top_ = 0, scratch_high_ = 0;
};

} // namespace

bool declares_openqasm3(std::string_view text) {
    std::size_t at = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    while (at < text.size()) { // blanks and comments before the version
        if (std::isspace(static_cast<unsigned char>(text[at]))) {
            ++at;
        } else if (text.compare(at, 2, "//") == 0) {
            at = text.find('\n', at);
        } else if (text.compare(at, 2, "/*") == 0) {
            at = text.find("*/", at + 2);
            if (at != std::string_view::npos) at += 2;
        } else {
            break;
        }
    }
    if (at >= text.size() || text.compare(at, 8, "OPENQASM") != 0) return false;
    at += 8;
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    return at < text.size() && text[at] == '3';
}

std::vector<std::string> read_openqasm3(Circuit& circuit, std::string_view source, const std::string& file_name,
                                        const ReadOptions& options) {
    Reader3 reader(circuit, options, file_name);
    reader.read(std::make_shared<SourceFile>(file_name, std::string(source)), true);
    reader.finish();
    return reader.inputs();
}

} // namespace qzone::qasm
