#include "token_stream.hpp"

namespace qzone::qasm {

TokenStream::TokenStream(SourceHandle source, Dialect dialect)
    : source_(std::move(source)), lexer_(*source_, dialect) {}

const Token& TokenStream::peek(std::size_t ahead) {
    while (tokens_.size() <= position_ + ahead) {
        if (!tokens_.empty() && tokens_.back().kind == TokenKind::end) return tokens_.back();
        tokens_.push_back(lexer_.next());
    }
    return tokens_[position_ + ahead];
}

Token TokenStream::next() {
    const Token token = peek();
    if (token.kind != TokenKind::end && ++position_ == tokens_.size()) {
        tokens_.clear(); // all read: start the buffer over
        position_ = 0;
    }
    return token;
}

bool TokenStream::accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    next();
    return true;
}

bool TokenStream::at_keyword(const char* word) { return peek().kind == TokenKind::identifier && peek().text == word; }

Token TokenStream::expect(TokenKind kind, const std::string& context) {
    if (peek().kind != kind) fail("expected " + describe(kind) + " " + context + ", found " + found(peek()), peek());
    return next();
}

std::string TokenStream::expect_identifier(const std::string& context) {
    return std::string(expect(TokenKind::identifier, context).text);
}

unsigned long long TokenStream::expect_natural(const std::string& context) {
    const Token token = expect(TokenKind::number, context);
    if (!token.integer) fail("expected a non-negative integer " + context, token);
    unsigned long long value = 0;
    for (char c : token.text) {
        const unsigned long long digit = static_cast<unsigned long long>(c - '0');
        if (c < '0' || c > '9') fail("expected a non-negative integer " + context, token);
        if (value > (~0ull - digit) / 10)
            fail("the integer " + std::string(token.text) + " " + context + " is above 2^64-1", token);
        value = value * 10 + digit;
    }
    return value;
}

void TokenStream::fail(const std::string& message, const Token& at) const {
    throw source_->error(message, at.line, at.column);
}

void TokenStream::fail(const std::string& message, unsigned line, unsigned column) const {
    throw source_->error(message, line, column);
}

std::string TokenStream::found(const Token& token) {
    if (token.kind == TokenKind::identifier || token.kind == TokenKind::number ||
        token.kind == TokenKind::hardware_qubit)
        return "'" + std::string(token.text) + "'";
    if (token.kind == TokenKind::string) return "\"" + std::string(token.text) + "\"";
    return describe(token.kind);
}

} // namespace qzone::qasm
