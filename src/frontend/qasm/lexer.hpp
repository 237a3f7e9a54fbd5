#pragma once
// Private (OpenQASM front end): the tokens of one source file.

#include <string>
#include <string_view>
#include <vector>

#include "source_file.hpp"

namespace qzone::qasm {

enum class TokenKind {
    identifier, number, string, end,
    semicolon, comma, left_paren, right_paren, left_bracket, right_bracket, left_brace, right_brace,
    arrow, equals, plus, minus, star, slash, caret,
};

struct Token {
    TokenKind kind = TokenKind::end;
    std::string_view text; ///< identifier name, number or string contents: a view of the source text
    double number = 0;     ///< for numbers
    bool integer = false;  ///< a number written without '.' or exponent
    unsigned line = 0, column = 0;
};

/// The tokens of one source, made as the reader asks for them, so that a
/// large program never exists as a second, larger list of tokens.
class Lexer {
public:
    /// `source` must outlive the lexer and every token it made. A UTF-8
    /// byte-order mark at its start (as some editors write) is passed over.
    explicit Lexer(const SourceFile& source)
        : source_(source), at_(source.text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0) {}

    /// The next token; at the end, an end token every time.
    /// @throw qzone::QasmError for a character no token starts with, an
    ///        unterminated string or a number too large for a double.
    Token next();

private:
    void advance(std::size_t count);

    const SourceFile& source_;
    std::size_t at_;
    unsigned line_ = 1, column_ = 1;
};

std::string describe(TokenKind kind);

} // namespace qzone::qasm
