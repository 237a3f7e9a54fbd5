#pragma once
// Private (OpenQASM front end): parsing with options the tests need.

#include <map>
#include <string>
#include <string_view>

#include <runtime/circuit.hpp>

namespace qzone::qasm {

struct ReadOptions {
    /// Map standard-library gates whose native qzone gate equals their
    /// definition (checked by tests) to that gate instead of expanding them.
    bool native_library_gates = true;
    /// Refuse programs that expand to more operations than this.
    std::size_t max_operations = 100'000'000;
    /// Values of the program's inputs (`input float theta;`), by name.
    std::map<std::string, double> parameters;
    /// OpenQASM 3: a while loop runs at most this many iterations per shot
    /// (it is unrolled); one still running after them stops the run with an
    /// error located at the loop.
    unsigned max_while_iterations = 100;
};

/// parse_qasm with options; see <runtime/qasm.hpp>.
Circuit read_program(std::string_view source, const std::string& file_name, const ReadOptions& options);

} // namespace qzone::qasm
