// The OpenQASM 2.0 reader, and read_program, which sends OpenQASM 3 to its
// own reader. A recursive-descent parser that elaborates as it goes:
// top-level statements become operations at once; gate definitions are kept
// as small syntax trees and expanded at each use.

#include "reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>

#include <runtime/files.hpp>
#include <runtime/qasm.hpp>

#include "broadcast.hpp"
#include "expression.hpp"
#include "include_files.hpp"
#include "openqasm3_reader.hpp"
#include "lexer.hpp"
#include "token_stream.hpp"
#include "qelib1.hpp"

namespace qzone::qasm {
namespace {

constexpr unsigned long long max_register_size = 1'000'000;

/// A statement of a gate body: a gate applied to the definition's qubit names.
struct BodyCall {
    std::string name;
    std::vector<Expression> parameters;
    std::vector<std::string> qubits;
    bool barrier = false;
    unsigned line = 0, column = 0;
};

struct GateDefinition {
    std::vector<std::string> parameters;
    std::vector<std::string> qubits;
    std::vector<BodyCall> body;
    bool opaque = false;
    bool library = false; ///< from the built-in qelib1.inc
    SourceHandle source;
};

/// `name` or `name[index]` as written.
struct Argument {
    std::string name;
    std::optional<unsigned long long> index;
    unsigned line = 0, column = 0;
};

class Reader {
public:
    /// `file_name`: the top-level program's path, or a name such as
    /// "<stdin>"; a file of that path including itself is a cycle.
    Reader(Circuit& circuit, const ReadOptions& options, const std::string& file_name)
        : circuit_(circuit), options_(options), includes_(file_name) {}

    void read(SourceHandle source, bool top_level) {
        // An including file's stream waits while an include is read.
        TokenStream stream(std::move(source));
        TokenStream* const including = in_;
        const bool saved_library = in_library_;
        in_ = &stream;
        if (top_level) version_header();
        while (peek().kind != TokenKind::end) statement();
        in_ = including;
        in_library_ = saved_library;
    }

private:
    // ---- tokens: those of the source being read ------------------------------

    const Token& peek(std::size_t ahead = 0) { return in_->peek(ahead); }
    Token next() { return in_->next(); }
    bool accept(TokenKind kind) { return in_->accept(kind); }
    bool at_keyword(const char* word) { return in_->at_keyword(word); }
    Token expect(TokenKind kind, const std::string& context) { return in_->expect(kind, context); }
    std::string expect_identifier(const std::string& context) { return in_->expect_identifier(context); }
    unsigned long long expect_natural(const std::string& context) { return in_->expect_natural(context); }
    [[noreturn]] void fail(const std::string& message, const Token& at) const { in_->fail(message, at); }
    [[noreturn]] void fail(const std::string& message, unsigned line, unsigned column) const {
        in_->fail(message, line, column);
    }
    static std::string found(const Token& token) { return TokenStream::found(token); }
    const SourceHandle& source() const { return in_->source(); }
    Expression expression(const std::vector<std::string>* parameters) { return parse_expression(*in_, parameters); }

    // ---- statements ---------------------------------------------------------

    void version_header() {
        if (!at_keyword("OPENQASM")) {
            circuit_.warnings.push_back(source()->name + ":1:1: warning: no 'OPENQASM 2.0;' line; reading as OpenQASM 2.0");
            return;
        }
        next();
        const Token version = expect(TokenKind::number, "after OPENQASM");
        if (version.text != "2.0" && version.text != "2")
            fail("OpenQASM " + std::string(version.text) + " is not supported; qzone reads OpenQASM 2.0 and 3", version);
        expect(TokenKind::semicolon, "after the OpenQASM version");
    }

    void statement() {
        const Token first = peek();
        if (first.kind != TokenKind::identifier) fail("expected a statement, found " + found(first), first);
        const std::string_view word = first.text;
        if (word == "OPENQASM") fail("'OPENQASM' may only be the first statement", first);
        if (word == "include") return include();
        if (word == "qreg" || word == "creg") return declare_register(word == "qreg");
        if (word == "gate" || word == "opaque") return gate_definition(word == "opaque");
        if (word == "input") return input_declaration();
        if (word == "if") return conditional();
        if (word == "barrier") return top_level_barrier();
        quantum_operation(std::nullopt);
    }

    void include() {
        next();
        const Token file = expect(TokenKind::string, "(the file name) after include");
        expect(TokenKind::semicolon, "after the include");
        if (file.text == "qelib1.inc") {
            if (library_included_) return; // including it twice changes nothing
            library_included_ = true;
            in_library_ = true;
            read(std::make_shared<SourceFile>("qelib1.inc", std::string(qelib1_source())), false);
            return;
        }
        read(includes_.open(file, *in_), false);
        includes_.close();
    }

    /// `input float NAME;`, `input float[64] NAME;` or `input angle NAME;`
    /// (from OpenQASM 3): a parameter of the program, bound by the caller and
    /// usable in the parameters of gates applied at top level.
    void input_declaration() {
        next();
        const Token type = expect(TokenKind::identifier, "(the type: float or angle) after 'input'");
        if (type.text != "float" && type.text != "angle")
            fail("an input is a float or an angle, not '" + std::string(type.text) + "'", type);
        if (type.text == "float" && accept(TokenKind::left_bracket)) {
            const Token width = peek();
            if (expect_natural("as the width of the float") != 64) fail("only float[64] inputs are supported", width);
            expect(TokenKind::right_bracket, "after the width");
        }
        const Token name = expect(TokenKind::identifier, "(the input's name)");
        expect(TokenKind::semicolon, "after the input");
        const std::string text(name.text);
        if (text == "pi" || std::find(inputs_.begin(), inputs_.end(), text) != inputs_.end())
            fail("input '" + text + "' is declared twice (or is pi)", name);
        const auto value = options_.parameters.find(text);
        if (value == options_.parameters.end())
            fail("input '" + text + "' has no value: bind it (qzone run --param " + text +
                     "=VALUE, or a batch task's \"parameters\")",
                 name);
        inputs_.push_back(text);
        input_values_[text] = value->second;
    }

public:
    /// The inputs the program declared, in order.
    const std::vector<std::string>& inputs() const { return inputs_; }

private:
    void declare_register(bool quantum) {
        next();
        const Token name_token = expect(TokenKind::identifier, "(the register name)");
        const std::string name(name_token.text);
        expect(TokenKind::left_bracket, "after the register name");
        const Token size_token = peek();
        const unsigned long long size = expect_natural("as the register size");
        if (size == 0 || size > max_register_size)
            fail("register size " + std::to_string(size) + " is out of range (1 to " +
                     std::to_string(max_register_size) + ")",
                 size_token);
        expect(TokenKind::right_bracket, "after the register size");
        expect(TokenKind::semicolon, "after the register declaration");
        if (quantum_registers_.count(name) || classical_registers_.count(name))
            fail("register '" + name + "' is already declared", name_token);
        unsigned& total = quantum ? circuit_.qubits : circuit_.clbits;
        if (total + size > max_register_size) fail("too many bits in all registers together", size_token);
        const Register reg{name, total, static_cast<unsigned>(size)};
        total += static_cast<unsigned>(size);
        (quantum ? quantum_registers_ : classical_registers_)[name] = reg;
        (quantum ? circuit_.quantum_registers : circuit_.classical_registers).push_back(reg);
    }

    void gate_definition(bool opaque) {
        next();
        const Token name_token = expect(TokenKind::identifier, "(the gate name)");
        const std::string name(name_token.text);
        if (gates_.count(name) || name == "U" || name == "CX")
            fail("gate '" + name + "' is already defined", name_token);
        GateDefinition definition;
        definition.opaque = opaque;
        definition.library = in_library_;
        definition.source = source();
        if (accept(TokenKind::left_paren)) {
            if (peek().kind != TokenKind::right_paren) definition.parameters = identifier_list("parameter");
            expect(TokenKind::right_paren, "after the gate's parameters");
        }
        definition.qubits = identifier_list("qubit argument");
        const auto repeated = [](const std::vector<std::string>& names) {
            std::vector<std::string> sorted = names;
            std::sort(sorted.begin(), sorted.end());
            const auto at = std::adjacent_find(sorted.begin(), sorted.end());
            return at == sorted.end() ? std::string() : *at;
        };
        if (const std::string twice = repeated(definition.qubits); !twice.empty())
            fail("gate '" + name + "' names qubit argument '" + twice + "' twice", name_token);
        if (const std::string twice = repeated(definition.parameters); !twice.empty())
            fail("gate '" + name + "' names parameter '" + twice + "' twice", name_token);
        if (opaque) {
            expect(TokenKind::semicolon, "after the opaque declaration");
        } else {
            expect(TokenKind::left_brace, "to open the gate body");
            while (!accept(TokenKind::right_brace)) definition.body.push_back(body_call(definition));
        }
        gates_[name] = std::move(definition);
    }

    std::vector<std::string> identifier_list(const std::string& what) {
        std::vector<std::string> names{expect_identifier("(a " + what + ")")};
        while (accept(TokenKind::comma)) names.push_back(expect_identifier("(a " + what + ")"));
        return names;
    }

    BodyCall body_call(const GateDefinition& definition) {
        BodyCall call;
        const Token start = peek();
        call.line = start.line;
        call.column = start.column;
        if (start.kind == TokenKind::end) fail("the gate body is not closed with '}'", start);
        call.name = expect_identifier("(a gate in the gate body)");
        if (call.name == "barrier") {
            call.barrier = true;
        } else if (call.name == "measure" || call.name == "reset" || call.name == "if" || call.name == "gate") {
            fail("'" + call.name + "' is not allowed inside a gate definition", start);
        } else {
            if (accept(TokenKind::left_paren)) {
                if (peek().kind != TokenKind::right_paren) {
                    call.parameters.push_back(expression(&definition.parameters));
                    while (accept(TokenKind::comma)) call.parameters.push_back(expression(&definition.parameters));
                }
                expect(TokenKind::right_paren, "after the gate's parameters");
            }
            check_gate_shape(call.name, call.parameters.size(), start);
        }
        do {
            const Token argument = peek();
            const std::string qubit = expect_identifier("(a qubit argument of the gate)");
            if (peek().kind == TokenKind::left_bracket)
                fail("qubit arguments inside a gate body cannot be indexed", peek());
            if (std::find(definition.qubits.begin(), definition.qubits.end(), qubit) == definition.qubits.end())
                fail("'" + qubit + "' is not a qubit argument of this gate", argument);
            call.qubits.push_back(qubit);
        } while (accept(TokenKind::comma));
        expect(TokenKind::semicolon, "after the gate");
        if (!call.barrier) check_gate_arity(call.name, call.qubits.size(), start);
        return call;
    }

    /// The gate exists and takes `parameters` parameters.
    void check_gate_shape(const std::string& name, std::size_t parameters, const Token& at) const {
        if (name == "U" || name == "CX") {
            const std::size_t expected = name == "U" ? 3 : 0;
            if (parameters != expected)
                fail("gate '" + name + "' takes " + std::to_string(expected) + " parameter(s), got " +
                         std::to_string(parameters),
                     at);
            return;
        }
        const auto definition = gates_.find(name);
        if (definition == gates_.end())
            fail("unknown gate '" + name + "'" +
                     (library_included_ ? std::string() : " (did you forget 'include \"qelib1.inc\";'?)"),
                 at);
        if (definition->second.parameters.size() != parameters)
            fail("gate '" + name + "' takes " + std::to_string(definition->second.parameters.size()) +
                     " parameter(s), got " + std::to_string(parameters),
                 at);
    }

    void check_gate_arity(const std::string& name, std::size_t qubits, const Token& at) const {
        const std::size_t expected =
            name == "U" ? 1 : name == "CX" ? 2 : gates_.at(name).qubits.size();
        if (qubits != expected)
            fail("gate '" + name + "' acts on " + std::to_string(expected) + " qubit(s), got " +
                     std::to_string(qubits),
                 at);
    }

    void conditional() {
        next();
        expect(TokenKind::left_paren, "after 'if'");
        const Token name_token = expect(TokenKind::identifier, "(a classical register) in the condition");
        const auto reg = classical_registers_.find(std::string(name_token.text));
        if (reg == classical_registers_.end())
            fail("'" + std::string(name_token.text) + "' is not a classical register", name_token);
        expect(TokenKind::equals, "in the condition");
        const unsigned long long value = expect_natural("as the value compared with");
        expect(TokenKind::right_paren, "after the condition");
        if (at_keyword("if") || at_keyword("barrier") || at_keyword("gate") || at_keyword("qreg") ||
            at_keyword("creg"))
            fail("expected a quantum operation after the condition, found '" + std::string(peek().text) + "'", peek());
        ClassicalCondition condition;
        condition.first_bit = reg->second.offset;
        condition.width = reg->second.size;
        condition.value = value;
        quantum_operation(condition);
    }

    void top_level_barrier() {
        const Token start = next();
        std::vector<unsigned> qubits;
        do {
            for (unsigned q : resolve(argument(), true)) qubits.push_back(q);
        } while (accept(TokenKind::comma));
        expect(TokenKind::semicolon, "after the barrier");
        Operation operation;
        operation.kind = Operation::Kind::barrier;
        operation.qubits = std::move(qubits);
        operation.where = location(start);
        push(std::move(operation), start);
    }

    void quantum_operation(const std::optional<ClassicalCondition>& condition) {
        const Token start = peek();
        const std::string word = expect_identifier("(a gate, measure or reset)");
        if (word == "measure") {
            const Argument qubit = argument();
            expect(TokenKind::arrow, "between the measured qubit and the classical bit");
            const Argument bit = argument();
            expect(TokenKind::semicolon, "after the measurement");
            const std::vector<unsigned> qubits = resolve(qubit, true), bits = resolve(bit, false);
            if (qubits.size() != bits.size())
                fail("measure: '" + qubit.name + "' has " + std::to_string(qubits.size()) + " qubit(s) but '" +
                         bit.name + "' has " + std::to_string(bits.size()) + " bit(s)",
                     start);
            for (std::size_t i = 0; i < qubits.size(); ++i) {
                Operation operation;
                operation.kind = Operation::Kind::measure;
                operation.qubits = {qubits[i]};
                operation.clbit = bits[i];
                operation.condition = condition;
                operation.where = location(start);
                push(std::move(operation), start);
            }
            return;
        }
        if (word == "reset") {
            const Argument qubit = argument();
            expect(TokenKind::semicolon, "after reset");
            for (unsigned q : resolve(qubit, true)) {
                Operation operation;
                operation.kind = Operation::Kind::reset;
                operation.qubits = {q};
                operation.condition = condition;
                operation.where = location(start);
                push(std::move(operation), start);
            }
            return;
        }
        // A gate application, possibly broadcast over registers.
        std::vector<double> parameters;
        if (accept(TokenKind::left_paren)) {
            if (peek().kind != TokenKind::right_paren) {
                parameters.push_back(evaluate(expression(&inputs_), input_values_, *source()));
                while (accept(TokenKind::comma))
                    parameters.push_back(evaluate(expression(&inputs_), input_values_, *source()));
            }
            expect(TokenKind::right_paren, "after the gate's parameters");
        }
        check_gate_shape(word, parameters.size(), start);
        std::vector<Argument> arguments{argument()};
        while (accept(TokenKind::comma)) arguments.push_back(argument());
        expect(TokenKind::semicolon, "after the gate");
        check_gate_arity(word, arguments.size(), start);

        const auto qubits_of = [&](std::size_t j) { return resolve(arguments[j], true); };
        const auto refuse = [&](std::size_t j, const std::string& message) {
            fail(message, arguments[j].line, arguments[j].column);
        };
        for (const std::vector<unsigned>& qubits : broadcast(arguments.size(), qubits_of, refuse)) {
            std::vector<unsigned> sorted = qubits;
            std::sort(sorted.begin(), sorted.end());
            if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                fail("gate '" + word + "' is given the same qubit twice", start);
            apply(word, parameters, qubits, condition, start);
        }
    }

    Argument argument() {
        const Token name = expect(TokenKind::identifier, "(a register or bit)");
        Argument result{std::string(name.text), std::nullopt, name.line, name.column};
        if (accept(TokenKind::left_bracket)) {
            result.index = expect_natural("as the index");
            expect(TokenKind::right_bracket, "after the index");
        }
        return result;
    }

    /// The global qubit (or classical bit) numbers `a` stands for.
    std::vector<unsigned> resolve(const Argument& a, bool quantum) const {
        const auto& registers = quantum ? quantum_registers_ : classical_registers_;
        const auto reg = registers.find(a.name);
        if (reg == registers.end()) {
            const bool other_kind = (quantum ? classical_registers_ : quantum_registers_).count(a.name) > 0;
            fail("'" + a.name + "' is not a " + (quantum ? "quantum" : "classical") + " register" +
                     (other_kind ? std::string(" (it is a ") + (quantum ? "classical" : "quantum") + " register)"
                                 : std::string()),
                 a.line, a.column);
        }
        if (a.index) {
            if (*a.index >= reg->second.size)
                fail("index " + std::to_string(*a.index) + " is out of range for register '" + a.name + "' of size " +
                         std::to_string(reg->second.size),
                     a.line, a.column);
            return {reg->second.offset + static_cast<unsigned>(*a.index)};
        }
        std::vector<unsigned> all(reg->second.size);
        for (unsigned j = 0; j < reg->second.size; ++j) all[j] = reg->second.offset + j;
        return all;
    }

    // ---- expansion ----------------------------------------------------------

    /// Expands a gate application into native gates, depth first, with a
    /// stack of its own rather than recursion: a file may nest definitions as
    /// deeply as it likes without exhausting the call stack.
    void apply(const std::string& name, const std::vector<double>& parameters, const std::vector<unsigned>& qubits,
               const std::optional<ClassicalCondition>& condition, const Token& at) {
        struct Frame {
            const GateDefinition* definition;
            std::map<std::string, double> values;
            std::map<std::string, unsigned> bound;
            std::size_t next = 0; ///< the body call to expand next
        };
        std::vector<Frame> stack;
        // Emits a native gate, or opens a frame for a defined one.
        const auto enter = [&](const std::string& gate, const std::vector<double>& values,
                               const std::vector<unsigned>& on) {
            if (gate == "U") return emit(gates::u(on[0], values[0], values[1], values[2]), condition, at);
            if (gate == "CX") return emit(gates::cx(on[0], on[1]), condition, at);
            const GateDefinition& definition = gates_.at(gate);
            if (definition.opaque)
                fail("opaque gate '" + gate + "' has no definition, so qzone cannot simulate it", at);
            if (definition.library && options_.native_library_gates)
                if (std::optional<Gate> native = gates::by_name(gate, on, values, gates::GateConvention::qelib1)) {
                    native->name = gate;
                    return emit(std::move(*native), condition, at);
                }
            Frame frame{&definition, {}, {}};
            for (std::size_t j = 0; j < values.size(); ++j) frame.values[definition.parameters[j]] = values[j];
            for (std::size_t j = 0; j < on.size(); ++j) frame.bound[definition.qubits[j]] = on[j];
            stack.push_back(std::move(frame));
        };
        enter(name, parameters, qubits);
        while (!stack.empty()) {
            Frame& frame = stack.back();
            if (frame.next == frame.definition->body.size()) {
                stack.pop_back();
                continue;
            }
            const BodyCall& call = frame.definition->body[frame.next++];
            if (call.barrier) continue; // a barrier inside a gate orders nothing for a simulator
            std::vector<unsigned> call_qubits;
            for (const std::string& q : call.qubits) call_qubits.push_back(frame.bound.at(q));
            std::vector<double> call_parameters;
            for (const Expression& e : call.parameters)
                call_parameters.push_back(evaluate(e, frame.values, *frame.definition->source));
            std::vector<unsigned> sorted = call_qubits;
            std::sort(sorted.begin(), sorted.end());
            if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                throw frame.definition->source->error("gate '" + call.name + "' is given the same qubit twice",
                                                      call.line, call.column);
            enter(call.name, call_parameters, call_qubits); // may grow the stack: `frame` is not used after
        }
    }

    void emit(Gate gate, const std::optional<ClassicalCondition>& condition, const Token& at) {
        Operation operation;
        operation.kind = Operation::Kind::gate;
        operation.gate = std::move(gate);
        operation.qubits = operation.gate.targets;
        operation.qubits.insert(operation.qubits.end(), operation.gate.controls.begin(), operation.gate.controls.end());
        operation.condition = condition;
        operation.where = location(at);
        push(std::move(operation), at);
    }

    void push(Operation operation, const Token& at) {
        if (circuit_.operations.size() >= options_.max_operations)
            fail("the program expands to more than " + std::to_string(options_.max_operations) + " operations", at);
        circuit_.operations.push_back(std::move(operation));
    }

    SourceLocation location(const Token& at) const { return SourceLocation{source()->name, at.line, at.column}; }

    // ---- expressions --------------------------------------------------------

    Circuit& circuit_;
    const ReadOptions& options_;
    std::vector<std::string> inputs_;              ///< declared inputs
    std::map<std::string, double> input_values_;  ///< their values
    TokenStream* in_ = nullptr; ///< the stream of the source being read
    bool in_library_ = false;
    bool library_included_ = false;
    std::map<std::string, GateDefinition> gates_;
    std::map<std::string, Register> quantum_registers_, classical_registers_;
    IncludeFiles includes_;
};

} // namespace

Circuit read_program(std::string_view source, const std::string& file_name, const ReadOptions& options) {
    Circuit circuit;
    circuit.name = std::filesystem::path(file_name).stem().string();
    // One operation per statement, about: room for them all at once spares
    // the copies (and fresh pages) of a vector that doubles its way up.
    const auto statements = static_cast<std::size_t>(std::count(source.begin(), source.end(), ';'));
    circuit.operations.reserve(std::min(statements, options.max_operations));
    std::vector<std::string> inputs;
    if (declares_openqasm3(source)) {
        inputs = read_openqasm3(circuit, source, file_name, options);
    } else {
        Reader reader(circuit, options, file_name);
        reader.read(std::make_shared<SourceFile>(file_name, std::string(source)), true);
        inputs = reader.inputs();
    }
    for (const auto& [name, value] : options.parameters)
        if (std::find(inputs.begin(), inputs.end(), name) == inputs.end())
            throw QasmError("a value is given for '" + name + "', but the program declares no input '" + name +
                                "' (input float " + name + ";)",
                            SourceLocation{file_name, 0, 0}, "");
    if (circuit.operations.capacity() > 2 * circuit.operations.size() + 1024) circuit.operations.shrink_to_fit();
    return circuit;
}

} // namespace qzone::qasm

namespace qzone {

Circuit parse_qasm(std::string_view source, const std::string& file_name) {
    return qasm::read_program(source, file_name, qasm::ReadOptions{});
}

Circuit parse_qasm(std::string_view source, const std::string& file_name,
                   const std::map<std::string, double>& parameters) {
    qasm::ReadOptions options;
    options.parameters = parameters;
    return qasm::read_program(source, file_name, options);
}

Circuit parse_qasm_file(const std::string& path) {
    std::string text;
    try {
        text = files::read_text_here(path, max_circuit_bytes, "");
    } catch (const InputError& e) {
        throw QasmError(e.what(), SourceLocation{path, 0, 0}, "");
    }
    return parse_qasm(text, path == "-" ? "<stdin>" : path);
}

} // namespace qzone
