#include "lexer.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace qzone::qasm {

std::string describe(TokenKind kind) {
    switch (kind) {
    case TokenKind::identifier: return "an identifier";
    case TokenKind::number: return "a number";
    case TokenKind::string: return "a string";
    case TokenKind::end: return "the end of the file";
    case TokenKind::semicolon: return "';'";
    case TokenKind::comma: return "','";
    case TokenKind::left_paren: return "'('";
    case TokenKind::right_paren: return "')'";
    case TokenKind::left_bracket: return "'['";
    case TokenKind::right_bracket: return "']'";
    case TokenKind::left_brace: return "'{'";
    case TokenKind::right_brace: return "'}'";
    case TokenKind::arrow: return "'->'";
    case TokenKind::equals: return "'=='";
    case TokenKind::plus: return "'+'";
    case TokenKind::minus: return "'-'";
    case TokenKind::star: return "'*'";
    case TokenKind::slash: return "'/'";
    case TokenKind::caret: return "'^'";
    }
    return "a token";
}

std::vector<Token> tokenize(const SourceFile& source) {
    const std::string& text = source.text;
    std::vector<Token> tokens;
    unsigned line = 1, column = 1;
    std::size_t at = 0;
    const auto advance = [&](std::size_t count) {
        for (std::size_t i = 0; i < count; ++i, ++at) {
            if (text[at] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
    };
    const auto single = [](char c) {
        switch (c) {
        case ';': return TokenKind::semicolon;
        case ',': return TokenKind::comma;
        case '(': return TokenKind::left_paren;
        case ')': return TokenKind::right_paren;
        case '[': return TokenKind::left_bracket;
        case ']': return TokenKind::right_bracket;
        case '{': return TokenKind::left_brace;
        case '}': return TokenKind::right_brace;
        case '+': return TokenKind::plus;
        case '*': return TokenKind::star;
        case '/': return TokenKind::slash;
        case '^': return TokenKind::caret;
        default: return TokenKind::end;
        }
    };
    while (at < text.size()) {
        const char c = text[at];
        const auto uc = static_cast<unsigned char>(c);
        if (std::isspace(uc)) {
            advance(1);
            continue;
        }
        if (c == '/' && at + 1 < text.size() && text[at + 1] == '/') {
            while (at < text.size() && text[at] != '\n') advance(1);
            continue;
        }
        Token token;
        token.line = line;
        token.column = column;
        if (std::isalpha(uc) || c == '_') {
            std::size_t end = at;
            while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
            token.kind = TokenKind::identifier;
            token.text = text.substr(at, end - at);
            advance(end - at);
        } else if (std::isdigit(uc) || (c == '.' && at + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[at + 1])))) {
            std::size_t end = at;
            while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
            bool integer = true;
            if (end < text.size() && text[end] == '.') {
                integer = false;
                ++end;
                while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
            }
            if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
                std::size_t exponent = end + 1;
                if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
                if (exponent < text.size() && std::isdigit(static_cast<unsigned char>(text[exponent]))) {
                    integer = false;
                    end = exponent;
                    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
                }
            }
            token.kind = TokenKind::number;
            token.text = text.substr(at, end - at);
            token.number = std::strtod(token.text.c_str(), nullptr);
            token.integer = integer;
            if (!std::isfinite(token.number)) throw source.error("number '" + token.text + "' is too large", line, column);
            advance(end - at);
        } else if (c == '"') {
            std::size_t end = at + 1;
            while (end < text.size() && text[end] != '"' && text[end] != '\n') ++end;
            if (end >= text.size() || text[end] != '"') throw source.error("unterminated string", line, column);
            token.kind = TokenKind::string;
            token.text = text.substr(at + 1, end - at - 1);
            advance(end + 1 - at);
        } else if (c == '-' && at + 1 < text.size() && text[at + 1] == '>') {
            token.kind = TokenKind::arrow;
            advance(2);
        } else if (c == '=' && at + 1 < text.size() && text[at + 1] == '=') {
            token.kind = TokenKind::equals;
            advance(2);
        } else if (c == '-') {
            token.kind = TokenKind::minus;
            advance(1);
        } else if (single(c) != TokenKind::end) {
            token.kind = single(c);
            advance(1);
        } else {
            const std::string shown = (uc >= 32 && uc < 127) ? std::string("'") + c + "'"
                                                              : "byte 0x" + std::string{"0123456789abcdef"[uc >> 4]} +
                                                                    "0123456789abcdef"[uc & 15];
            throw source.error("unexpected character " + shown, line, column);
        }
        tokens.push_back(std::move(token));
    }
    Token end;
    end.kind = TokenKind::end;
    end.line = line;
    end.column = column;
    tokens.push_back(end);
    return tokens;
}

} // namespace qzone::qasm
