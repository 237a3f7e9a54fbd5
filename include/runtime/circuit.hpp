#pragma once
/// @file circuit.hpp
/// A circuit as the engine runs it: gates on numbered qubits, measurements
/// into numbered classical bits, resets, barriers, and classically
/// conditioned operations. Front ends (OpenQASM) produce it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <runtime/gate.hpp>

namespace qzone {

/// Where an operation came from, for messages.
struct SourceLocation {
    std::string file;
    unsigned line = 0;
    unsigned column = 0;
};

/// A named run of qubits or classical bits; bit j of the register is global
/// bit offset + j.
struct Register {
    std::string name;
    unsigned offset = 0;
    unsigned size = 0;
};

/// "Execute only if the classical register holding bits [first_bit,
/// first_bit + width) reads `value`" (bit first_bit is the lowest), or with
/// `negated` "does not read `value`", and every condition of `also` holds
/// too (nested conditions, an else branch inside an if: what OpenQASM 2
/// cannot say, the Qiskit converter can).
struct ClassicalCondition {
    unsigned first_bit = 0;
    unsigned width = 0;
    std::uint64_t value = 0;
    bool negated = false;
    std::vector<ClassicalCondition> also;
};

/// One step of a circuit. Besides quantum operations, two classical ones
/// that front ends use for control flow: `assign` writes a constant to a
/// classical bit (loop flags, `c[0] = 1;`), `abort` stops the run with an
/// error (a while loop that outran the iterations a front end unrolled).
struct Operation {
    enum class Kind { gate, measure, reset, barrier, assign, abort };
    Kind kind = Kind::gate;
    Gate gate;                       ///< kind == gate
    std::vector<unsigned> qubits;    ///< measure/reset: one qubit; barrier: its qubits
    unsigned clbit = 0;              ///< measure, assign: the bit written
    int bit_value = 0;               ///< assign: the value written (0 or 1)
    std::string message;             ///< abort: why the run stops (with `where`)
    std::optional<ClassicalCondition> condition;
    SourceLocation where;
};

/// Qubits, classical bits, their registers, and the operations in order.
struct Circuit {
    std::string name;
    unsigned qubits = 0;
    unsigned clbits = 0;
    std::vector<Register> quantum_registers;
    /// Bits past the registers' (clbits may be larger) are a front end's
    /// own flags: they are not part of counts.
    std::vector<Register> classical_registers;
    std::vector<Operation> operations;
    std::vector<std::string> warnings; ///< non-fatal remarks of the front end, with file:line:column
};

} // namespace qzone
