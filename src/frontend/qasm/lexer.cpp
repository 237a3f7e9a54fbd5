#include "lexer.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

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
    case TokenKind::hardware_qubit: return "a physical qubit";
    case TokenKind::at: return "'@'";
    case TokenKind::bang: return "'!'";
    case TokenKind::not_equals: return "'!='";
    case TokenKind::less: return "'<'";
    case TokenKind::greater: return "'>'";
    case TokenKind::less_equal: return "'<='";
    case TokenKind::greater_equal: return "'>='";
    case TokenKind::and_and: return "'&&'";
    case TokenKind::or_or: return "'||'";
    case TokenKind::colon: return "':'";
    case TokenKind::assign: return "'='";
    case TokenKind::star_star: return "'**'";
    case TokenKind::percent: return "'%'";
    case TokenKind::ampersand: return "'&'";
    case TokenKind::pipe: return "'|'";
    case TokenKind::tilde: return "'~'";
    }
    return "a token";
}

namespace {

TokenKind single(char c) {
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
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool starts_identifier(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool continues_identifier(char c) { return starts_identifier(c) || is_digit(c); }
/// A byte of a UTF-8 sequence beyond ASCII: OpenQASM 3 identifiers may hold
/// letters such as θ and π (the reader compares names byte for byte).
bool beyond_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

/// OpenQASM 3's operators, longest first.
struct Operator {
    const char* text;
    TokenKind kind;
};
constexpr Operator openqasm3_operators[] = {
    {"**", TokenKind::star_star}, {"==", TokenKind::equals},      {"!=", TokenKind::not_equals},
    {"<=", TokenKind::less_equal}, {">=", TokenKind::greater_equal}, {"&&", TokenKind::and_and},
    {"||", TokenKind::or_or},      {"->", TokenKind::arrow},       {"@", TokenKind::at},
    {"!", TokenKind::bang},        {"<", TokenKind::less},         {">", TokenKind::greater},
    {":", TokenKind::colon},       {"=", TokenKind::assign},       {"%", TokenKind::percent},
    {"&", TokenKind::ampersand},   {"|", TokenKind::pipe},         {"~", TokenKind::tilde},
};

} // namespace

void Lexer::advance(std::size_t count) {
    const std::string& text = source_.text;
    for (const std::size_t end = at_ + count; at_ < end; ++at_) {
        if (text[at_] == '\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
    }
}

Token Lexer::next() {
    const std::string& text = source_.text;
    const std::size_t size = text.size();
    // Blanks and comments; lines are counted as they pass.
    while (at_ < size) {
        const char c = text[at_];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            ++at_;
            ++column_;
        } else if (c == '\n') {
            ++at_;
            ++line_;
            column_ = 1;
        } else if (c == '/' && at_ + 1 < size && text[at_ + 1] == '/') {
            while (at_ < size && text[at_] != '\n') ++at_;
        } else if (dialect_ == Dialect::openqasm3 && c == '/' && at_ + 1 < size && text[at_ + 1] == '*') {
            const std::size_t close = text.find("*/", at_ + 2);
            if (close == std::string::npos) throw source_.error("unterminated comment", line_, column_);
            advance(close + 2 - at_);
        } else {
            break;
        }
    }
    Token token;
    token.line = line_;
    token.column = column_;
    if (at_ >= size) return token; // the end
    const char c = text[at_];
    const auto view = [&](std::size_t from, std::size_t to) { return std::string_view(text).substr(from, to - from); };
    const bool letters_beyond_ascii = dialect_ == Dialect::openqasm3;
    if (starts_identifier(c) || (letters_beyond_ascii && beyond_ascii(c))) {
        std::size_t end = at_;
        while (end < size && (continues_identifier(text[end]) || (letters_beyond_ascii && beyond_ascii(text[end]))))
            ++end;
        token.kind = TokenKind::identifier;
        token.text = view(at_, end);
        column_ += static_cast<unsigned>(end - at_);
        at_ = end;
    } else if (is_digit(c) || (c == '.' && at_ + 1 < size && is_digit(text[at_ + 1]))) {
        std::size_t end = at_;
        while (end < size && is_digit(text[end])) ++end;
        bool integer = true;
        if (end < size && text[end] == '.') {
            integer = false;
            ++end;
            while (end < size && is_digit(text[end])) ++end;
        }
        if (end < size && (text[end] == 'e' || text[end] == 'E')) {
            std::size_t exponent = end + 1;
            if (exponent < size && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
            if (exponent < size && is_digit(text[exponent])) {
                integer = false;
                end = exponent;
                while (end < size && is_digit(text[end])) ++end;
            }
        }
        token.kind = TokenKind::number;
        token.text = view(at_, end);
        token.integer = integer;
        if (integer && end - at_ <= 15) { // exact in a double: no need for strtod
            double value = 0;
            for (std::size_t i = at_; i < end; ++i) value = value * 10 + (text[i] - '0');
            token.number = value;
        } else {
            token.number = std::strtod(std::string(token.text).c_str(), nullptr);
        }
        if (!std::isfinite(token.number))
            throw source_.error("number '" + std::string(token.text) + "' is too large", line_, column_);
        column_ += static_cast<unsigned>(end - at_);
        at_ = end;
    } else if (c == '"' || (c == '\'' && dialect_ == Dialect::openqasm3)) {
        std::size_t end = at_ + 1;
        while (end < size && text[end] != c && text[end] != '\n') ++end;
        if (end >= size || text[end] != c) throw source_.error("unterminated string", line_, column_);
        token.kind = TokenKind::string;
        token.text = view(at_ + 1, end);
        advance(end + 1 - at_);
    } else if (dialect_ == Dialect::openqasm3 && openqasm3_token(token)) {
        // made by openqasm3_token
    } else if (c == '-' && at_ + 1 < size && text[at_ + 1] == '>') {
        token.kind = TokenKind::arrow;
        advance(2);
    } else if (c == '=' && at_ + 1 < size && text[at_ + 1] == '=') {
        token.kind = TokenKind::equals;
        advance(2);
    } else if (c == '-') {
        token.kind = TokenKind::minus;
        advance(1);
    } else if (single(c) != TokenKind::end) {
        token.kind = single(c);
        advance(1);
    } else {
        const auto uc = static_cast<unsigned char>(c);
        const std::string shown = (uc >= 32 && uc < 127) ? std::string("'") + c + "'"
                                                          : "byte 0x" + std::string{"0123456789abcdef"[uc >> 4]} +
                                                                "0123456789abcdef"[uc & 15];
        throw source_.error("unexpected character " + shown, line_, column_);
    }
    return token;
}

bool Lexer::openqasm3_token(Token& token) {
    const std::string& text = source_.text;
    if (text[at_] == '$') {
        std::size_t end = at_ + 1;
        while (end < text.size() && is_digit(text[end])) ++end;
        if (end == at_ + 1 || end - at_ > 10)
            throw source_.error("expected the number of a physical qubit after '$'", line_, column_);
        token.kind = TokenKind::hardware_qubit;
        token.text = std::string_view(text).substr(at_, end - at_);
        token.number = std::strtod(std::string(token.text.substr(1)).c_str(), nullptr);
        token.integer = true;
        advance(end - at_);
        return true;
    }
    for (const Operator& op : openqasm3_operators) {
        const std::string_view spelling(op.text);
        if (text.compare(at_, spelling.size(), spelling) == 0) {
            token.kind = op.kind;
            advance(spelling.size());
            return true;
        }
    }
    return false;
}

} // namespace qzone::qasm
