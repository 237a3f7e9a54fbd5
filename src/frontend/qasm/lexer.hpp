#pragma once
// Private (OpenQASM front end): the tokens of one source file.

#include <string>
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
    std::string text;     ///< identifier name, number or string contents
    double number = 0;    ///< for numbers
    bool integer = false; ///< a number written without '.' or exponent
    unsigned line = 0, column = 0;
};

/// Splits `source` into tokens ending with TokenKind::end; "//" comments and
/// white space are dropped.
/// @throw QasmError at the first character that starts no token.
std::vector<Token> tokenize(const SourceFile& source);

/// How a token kind reads in messages, e.g. "';'".
std::string describe(TokenKind kind);

} // namespace qzone::qasm
