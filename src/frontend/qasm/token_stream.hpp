#pragma once
// Private (OpenQASM front end): the tokens of one source as a reader consumes
// them: a few of look-ahead, made on demand, never the whole file, and
// errors located in that source.

#include <memory>
#include <string>
#include <vector>

#include "lexer.hpp"
#include "source_file.hpp"

namespace qzone::qasm {

class TokenStream {
public:
    explicit TokenStream(SourceHandle source, Dialect dialect = Dialect::openqasm2);

    const SourceHandle& source() const noexcept { return source_; }
    Dialect dialect() const noexcept { return lexer_.dialect(); }

    /// The token `ahead` places on; valid until the next call that reads tokens.
    const Token& peek(std::size_t ahead = 0);
    /// The next token, consumed (a copy, which a statement may keep).
    Token next();
    /// Consumes the next token if it is of `kind`.
    bool accept(TokenKind kind);
    /// Whether the next token is the identifier `word`.
    bool at_keyword(const char* word);
    /// The next token, which must be of `kind`; `context` completes the
    /// message ("expected ';' after the include, found ...").
    /// @throw qzone::QasmError at the token otherwise.
    Token expect(TokenKind kind, const std::string& context);
    std::string expect_identifier(const std::string& context);
    /// A non-negative integer below 2^64, from its digits (exact above 2^53).
    /// @throw qzone::QasmError otherwise.
    unsigned long long expect_natural(const std::string& context);

    /// @throw qzone::QasmError with `message` at `at` (or line and column) of this source.
    [[noreturn]] void fail(const std::string& message, const Token& at) const;
    [[noreturn]] void fail(const std::string& message, unsigned line, unsigned column) const;

    /// How a token reads in a message: 'name', "file", or its kind.
    static std::string found(const Token& token);

private:
    SourceHandle source_;
    Lexer lexer_;
    std::vector<Token> tokens_; ///< made and not yet all read; position_ indexes the next one
    std::size_t position_ = 0;
};

} // namespace qzone::qasm
