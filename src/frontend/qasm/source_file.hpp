#pragma once
// Private (OpenQASM front end): a program text with its name, split into
// lines for error excerpts.

#include <memory>
#include <string>
#include <vector>

#include <runtime/qasm.hpp>

namespace qzone::qasm {

struct SourceFile {
    std::string name;
    std::string text;
    std::vector<std::string> lines;

    SourceFile(std::string name, std::string text);

    /// The QasmError for `message` at line/column of this file.
    QasmError error(const std::string& message, unsigned line, unsigned column) const;
};

using SourceHandle = std::shared_ptr<const SourceFile>;

} // namespace qzone::qasm
