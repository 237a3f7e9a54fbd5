#pragma once
// The errors of the OpenQASM readers, as the parser tests compare them.

#include <string>

#include <runtime/qasm.hpp>

namespace qzone::testing {

/// The message of the QasmError that parsing `text` throws ("" if none).
inline std::string error_of(const std::string& text, const std::string& file = "test.qasm") {
    try {
        parse_qasm(text, file);
    } catch (const QasmError& e) {
        return e.what();
    }
    return "";
}

/// Just the first line of an error: "file:line:column: error: message".
inline std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

} // namespace qzone::testing
