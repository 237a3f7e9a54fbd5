#pragma once
// Private (OpenQASM front end): the files a program includes, as both
// readers find them: relative to the including file, regular files of
// bounded size only, no cycles, nested at most 32 deep.

#include <string>
#include <vector>

#include "token_stream.hpp"

namespace qzone::qasm {

class IncludeFiles {
public:
    /// `top_file`: the program's path, or a name such as "<stdin>"; a file
    /// of that path including itself is a cycle.
    explicit IncludeFiles(const std::string& top_file);

    /// The file that `file` (a string token read from `in`) names, opened
    /// and counted as being read until close().
    /// @throw qzone::QasmError at `file` for a cycle, nesting too deep, or a
    ///        file that cannot be read (a folder, a device, too large).
    SourceHandle open(const Token& file, TokenStream& in);
    /// Ends the innermost file open() returned.
    void close() { stack_.pop_back(); }

private:
    std::vector<std::string> stack_; ///< canonical paths being read, outermost first
};

} // namespace qzone::qasm
