#include "source_file.hpp"

#include <algorithm>
#include <sstream>

#include <runtime/errors.hpp>

namespace qzone {

namespace {

std::string format(const std::string& message, const SourceLocation& where, const std::string& source_line) {
    std::ostringstream text;
    text << where.file << ':' << where.line << ':' << where.column << ": error: " << message;
    if (!source_line.empty() || where.line > 0) {
        // A window of the line around the column (a generated file may put
        // everything on one line), kept printable: binary input shows as '?'.
        constexpr std::size_t half_window = 60;
        const std::size_t column = where.column > 0 ? where.column - 1 : 0;
        const std::size_t first = column > half_window ? column - half_window : 0;
        const std::size_t last = std::min(source_line.size(), column + half_window);
        std::string shown = first > 0 ? "..." : "";
        for (std::size_t i = first; i < last; ++i) {
            const char c = source_line[i];
            shown += (c == '\t' || (c >= 32 && c < 127)) ? c : '?';
        }
        if (last < source_line.size()) shown += "...";
        const std::size_t caret = column - first + (first > 0 ? 3 : 0);
        text << "\n    " << shown << "\n    " << std::string(caret, ' ') << '^';
    }
    return text.str();
}

} // namespace

QasmError::QasmError(const std::string& message, SourceLocation where, const std::string& source_line)
    : InputError(format(message, where, source_line)), message_(message), where_(std::move(where)) {}

namespace qasm {

SourceFile::SourceFile(std::string file_name, std::string contents) : name(std::move(file_name)), text(std::move(contents)) {
    line_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') line_starts.push_back(i + 1);
}

std::string SourceFile::line(unsigned number) const {
    if (number < 1 || number > line_starts.size()) return "";
    const std::size_t start = line_starts[number - 1];
    std::size_t end = number < line_starts.size() ? line_starts[number] - 1 : text.size();
    if (end > start && text[end - 1] == '\r') --end;
    return text.substr(start, end - start);
}

QasmError SourceFile::error(const std::string& message, unsigned line_number, unsigned column) const {
    return QasmError(message, SourceLocation{name, line_number, column}, line(line_number));
}

} // namespace qasm
} // namespace qzone
