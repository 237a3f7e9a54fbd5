#pragma once
// Private (OpenQASM front end): a program text with its name, and where its
// lines start, for error excerpts.

#include <memory>
#include <string>
#include <vector>

#include <runtime/qasm.hpp>

namespace qzone::qasm {

struct SourceFile {
    std::string name;
    std::string text;
    std::vector<std::size_t> line_starts; ///< offset of each line in text

    SourceFile(std::string name, std::string text);

    /// Line `line` (1-based) without its end of line; "" past the end.
    std::string line(unsigned line) const;

    /// The QasmError for `message` at line/column of this file.
    QasmError error(const std::string& message, unsigned line, unsigned column) const;
};

using SourceHandle = std::shared_ptr<const SourceFile>;

} // namespace qzone::qasm
