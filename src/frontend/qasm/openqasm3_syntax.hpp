#pragma once
// Private (OpenQASM front end): the statements of OpenQASM 3 that the reader
// keeps as syntax before elaborating them: a gate definition's body, and
// the bodies of if, for and while (run again for each iteration).

#include <optional>
#include <string>
#include <vector>

#include "expression.hpp"

namespace qzone::qasm::openqasm3 {

/// A qubit or a classical value as written: `q`, `q[i]` (any integer
/// expression) or a physical qubit `$n`.
struct Operand {
    std::string name;
    std::optional<Expression> index;
    std::optional<unsigned> physical;
    unsigned line = 0, column = 0;
};

/// `ctrl(n) @`, `negctrl(n) @`, `inv @`, `pow(k) @`.
struct Modifier {
    enum class Kind { ctrl, negctrl, inv, pow };
    Kind kind = Kind::inv;
    std::optional<Expression> argument; ///< ctrl/negctrl: the count (1 if absent); pow: the exponent
    unsigned line = 0, column = 0;
};

/// `modifiers name(parameters) operands;`: a gate, U, or gphase.
struct GateCall {
    std::vector<Modifier> modifiers;
    std::string name;
    std::vector<Expression> parameters;
    std::vector<Operand> operands;
    unsigned line = 0, column = 0;
};

/// A classical expression of a condition or the value of an assignment:
/// bits and registers, numbers, comparisons, !, && and ||.
struct Classical {
    enum class Kind { bits, number, negation, conjunction, disjunction, comparison };
    Kind kind = Kind::number;
    Operand bits;                      ///< bits: a register or one of its bits
    std::optional<Expression> number;  ///< number (true and false are 1 and 0)
    std::string comparison;            ///< comparison: "==", "!=", "<", "<=", ">", ">="
    std::vector<Classical> operands;
    unsigned line = 0, column = 0;
};

struct Statement {
    enum class Kind { gate, measure, reset, barrier, assign, block, if_else, for_loop, while_loop, break_loop,
                      continue_loop };
    Kind kind = Kind::gate;
    GateCall call;                  ///< gate
    std::vector<Operand> operands;  ///< measure: the qubits; reset, barrier: theirs
    std::optional<Operand> target;  ///< measure (if its result is kept), assign: the bits written
    std::optional<Classical> value; ///< assign: the value; if, while: the condition
    std::vector<Statement> body, otherwise;
    /// for: the variable, and its values: start, [step,] end of a range (both
    /// ends included), or the listed values.
    std::string variable;
    std::vector<Expression> values;
    bool range = false;
    unsigned line = 0, column = 0;
};

} // namespace qzone::qasm::openqasm3
