#pragma once
// Private (OpenQASM front end): parameter expressions: parsed once (a gate
// body keeps them with its parameters' names), evaluated for given values.

#include <map>
#include <string>
#include <vector>

#include "source_file.hpp"
#include "token_stream.hpp"

namespace qzone::qasm {

/// A parameter expression of a gate body (or, evaluated at once, of a
/// top-level statement).
struct Expression {
    /// binary: operands[0] ops[0] operands[1] ops[1] ..., evaluated left to
    /// right: a chain of one precedence is one node, so that a long sum
    /// nests no deeper than a short one.
    enum class Kind { number, parameter, negate, binary, call };
    Kind kind = Kind::number;
    double value = 0;
    std::string name;  ///< parameter or function name
    std::string ops;   ///< binary: the operators, '+', '-', '*', '/', '%', '^'
    std::vector<std::pair<unsigned, unsigned>> op_positions; ///< binary: line and column of each operator
    std::vector<Expression> operands;
    unsigned line = 0, column = 0;
};

/// expression := term (('+' | '-') term)*, with unary minus, '^' (right
/// associative), parentheses, numbers, pi, sin cos tan exp ln sqrt, and the
/// names in `parameters` (a gate's parameters in its body, the program's
/// inputs at top level; nullptr: none). Nested at most 200 deep. In an
/// OpenQASM 3 stream also '%', '**' for the power (and '^' refused),
/// π tau τ euler ℇ, arcsin arccos arctan log ceiling floor.
/// @throw qzone::QasmError at the first token that does not fit.
Expression parse_expression(TokenStream& in, const std::vector<std::string>* parameters);

/// The value of `e` with `values` for its parameters.
/// @throw qzone::QasmError located in `source` if it is not finite.
double evaluate(const Expression& e, const std::map<std::string, double>& values, const SourceFile& source);

} // namespace qzone::qasm
