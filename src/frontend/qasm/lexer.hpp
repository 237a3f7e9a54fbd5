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
    // OpenQASM 3 only:
    hardware_qubit, ///< $n: `number` holds n
    at, bang, not_equals, less, greater, less_equal, greater_equal, and_and, or_or, colon, assign, star_star,
    percent, ampersand, pipe, tilde,
};

/// Which language's tokens a lexer makes: OpenQASM 3 adds operators, $n
/// physical qubits, block comments, single-quoted strings and identifiers
/// with letters outside ASCII (θ, π); an OpenQASM 2 program's tokens and
/// errors stay exactly what they were.
enum class Dialect { openqasm2, openqasm3 };

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
    explicit Lexer(const SourceFile& source, Dialect dialect = Dialect::openqasm2)
        : source_(source), dialect_(dialect), at_(source.text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0) {}

    Dialect dialect() const noexcept { return dialect_; }

    /// The next token; at the end, an end token every time.
    /// @throw qzone::QasmError for a character no token starts with, an
    ///        unterminated string or a number too large for a double.
    Token next();

private:
    void advance(std::size_t count);
    /// An OpenQASM 3 operator or $n at the current character, if one starts there.
    bool openqasm3_token(Token& token);

    const SourceFile& source_;
    Dialect dialect_;
    std::size_t at_;
    unsigned line_ = 1, column_ = 1;
};

std::string describe(TokenKind kind);

} // namespace qzone::qasm
