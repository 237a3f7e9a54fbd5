#include "source_file.hpp"

#include <sstream>
#include <runtime/errors.hpp>

namespace qzone {

namespace {

std::string format(const std::string& message, const SourceLocation& where, const std::string& source_line) {
    std::ostringstream text;
    text << where.file << ':' << where.line << ':' << where.column << ": error: " << message;
    if (!source_line.empty() || where.line > 0) {
        // Keep the excerpt printable: binary input shows as '?'.
        std::string shown;
        for (char c : source_line) shown += (c == '\t' || (c >= 32 && c < 127)) ? c : '?';
        text << "\n    " << shown << "\n    " << std::string(where.column > 0 ? where.column - 1 : 0, ' ') << '^';
    }
    return text.str();
}

} // namespace

QasmError::QasmError(const std::string& message, SourceLocation where, const std::string& source_line)
    : InputError(format(message, where, source_line)), message_(message), where_(std::move(where)) {}

namespace qasm {

SourceFile::SourceFile(std::string file_name, std::string contents) : name(std::move(file_name)), text(std::move(contents)) {
    std::string line;
    for (char c : text) {
        if (c == '\n') {
            lines.push_back(line);
            line.clear();
        } else if (c != '\r') {
            line += c;
        }
    }
    lines.push_back(line);
}

QasmError SourceFile::error(const std::string& message, unsigned line, unsigned column) const {
    const std::string excerpt = line >= 1 && line <= lines.size() ? lines[line - 1] : std::string();
    return QasmError(message, SourceLocation{name, line, column}, excerpt);
}

} // namespace qasm
} // namespace qzone
