#pragma once
/// @file qasm.hpp
/// The OpenQASM front end: OpenQASM 2.0, and OpenQASM 3 (docs/openqasm3.md).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <runtime/circuit.hpp>
#include <runtime/errors.hpp>

namespace qzone {

/// A malformed program: what() reads
/// "FILE:LINE:COLUMN: error: MESSAGE", then the offending line and a caret.
class QasmError : public InputError {
public:
    QasmError(const std::string& message, SourceLocation where, const std::string& source_line);

    const SourceLocation& where() const noexcept { return where_; }
    /// The message alone, without location and excerpt.
    const std::string& message() const noexcept { return message_; }

private:
    std::string message_;
    SourceLocation where_;
};

/// Parses a program: OpenQASM 3 when its first statement is `OPENQASM 3;`
/// (or 3.0, 3.1; what is read and refused: docs/openqasm3.md), otherwise
/// OpenQASM 2.0: OPENQASM, include (qelib1.inc is built in;
/// other files are read relative to the including file, cycles refused),
/// qreg/creg, U, CX, gate definitions with parameters, opaque, parameter
/// expressions (pi, + - * / ^, unary minus, sin cos tan exp ln sqrt),
/// register broadcasting, measure, reset, barrier, if (creg == n).
/// A missing "OPENQASM 2.0;" line is a warning in Circuit::warnings.
/// @param file_name  used in messages and to resolve includes.
/// @throw qzone::QasmError for any malformed input; never crashes or hangs.
Circuit parse_qasm(std::string_view source, const std::string& file_name = "<input>");

/// The same, for a program with inputs (a qzone extension from OpenQASM 3:
/// `input float theta;`, `input float[64] theta;` or `input angle theta;` at
/// top level, usable in the parameters of gates applied at top level), each
/// given its value here.
/// @throw qzone::QasmError as parse_qasm, and for an input without a value
///        (at its declaration) or a value for a name the program does not
///        declare.
Circuit parse_qasm(std::string_view source, const std::string& file_name,
                   const std::map<std::string, double>& parameters);

/// The largest program qzone reads (1 GiB): beyond it a mistake (a log,
/// a device) is likelier than a circuit. Included files may hold 256 MiB.
inline constexpr std::size_t max_circuit_bytes = std::size_t{1} << 30;

/// Reads and parses a regular file ("-" reads standard input).
/// @throw qzone::QasmError, including when the file cannot be read, is not a
///        regular file or holds more than max_circuit_bytes.
Circuit parse_qasm_file(const std::string& path);

} // namespace qzone
