#include "expression.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace qzone::qasm {
namespace {

constexpr unsigned max_expression_depth = 200;

/// A binary node of one precedence, built operand by operand.
class Chain {
public:
    explicit Chain(Expression first) : first_(std::move(first)) {}

    void add(char op, Expression operand, const Token& at) {
        if (node_.operands.empty()) {
            node_.kind = Expression::Kind::binary;
            node_.line = at.line;
            node_.column = at.column;
            node_.operands.push_back(std::move(first_));
        }
        node_.ops.push_back(op);
        node_.op_positions.emplace_back(at.line, at.column);
        node_.operands.push_back(std::move(operand));
    }
    /// The node, or the one operand when no operator followed it.
    Expression finish() { return node_.operands.empty() ? std::move(first_) : std::move(node_); }

private:
    Expression first_, node_;
};

// A recursive descent, one function per level of precedence; `parameters`
// are the names allowed besides pi (nullptr: none).
using Names = const std::vector<std::string>*;
Expression expression(TokenStream& in, Names parameters, unsigned depth);
Expression term(TokenStream& in, Names parameters, unsigned depth);
Expression unary(TokenStream& in, Names parameters, unsigned depth);
Expression power(TokenStream& in, Names parameters, unsigned depth);
Expression primary(TokenStream& in, Names parameters, unsigned depth);

Expression expression(TokenStream& in, Names parameters, unsigned depth) {
    if (depth > max_expression_depth) in.fail("expression nested too deeply", in.peek());
    Chain chain(term(in, parameters, depth));
    while (in.peek().kind == TokenKind::plus || in.peek().kind == TokenKind::minus) {
        const Token op = in.next();
        chain.add(op.kind == TokenKind::plus ? '+' : '-', term(in, parameters, depth), op);
    }
    return chain.finish();
}
Expression term(TokenStream& in, Names parameters, unsigned depth) {
    Chain chain(unary(in, parameters, depth));
    while (in.peek().kind == TokenKind::star || in.peek().kind == TokenKind::slash ||
           in.peek().kind == TokenKind::percent) {
        const Token op = in.next();
        const char symbol = op.kind == TokenKind::star ? '*' : op.kind == TokenKind::slash ? '/' : '%';
        chain.add(symbol, unary(in, parameters, depth), op);
    }
    return chain.finish();
}
Expression unary(TokenStream& in, Names parameters, unsigned depth) {
    if (depth > max_expression_depth) in.fail("expression nested too deeply", in.peek());
    if (in.peek().kind == TokenKind::minus || in.peek().kind == TokenKind::plus) {
        const Token op = in.next();
        Expression operand = unary(in, parameters, depth + 1);
        if (op.kind == TokenKind::plus) return operand;
        Expression negated;
        negated.kind = Expression::Kind::negate;
        negated.line = op.line;
        negated.column = op.column;
        negated.operands.push_back(std::move(operand));
        return negated;
    }
    return power(in, parameters, depth);
}
Expression power(TokenStream& in, Names parameters, unsigned depth) {
    Expression base = primary(in, parameters, depth);
    // OpenQASM 2 writes a power '^'; OpenQASM 3 writes '**' ('^' is its exclusive or).
    const bool openqasm3 = in.dialect() == Dialect::openqasm3;
    if (openqasm3 && in.peek().kind == TokenKind::caret)
        in.fail("'^' is the bitwise exclusive or of OpenQASM 3, which qzone does not read; write '**' for a power",
                in.peek());
    if (in.peek().kind == (openqasm3 ? TokenKind::star_star : TokenKind::caret)) {
        const Token op = in.next();
        Chain chain(std::move(base)); // right-associative: the exponent holds any further power
        chain.add('^', unary(in, parameters, depth + 1), op);
        return chain.finish();
    }
    return base;
}
Expression primary(TokenStream& in, Names parameters, unsigned depth) {
    const Token token = in.peek();
    Expression e;
    e.line = token.line;
    e.column = token.column;
    if (token.kind == TokenKind::number) {
        in.next();
        e.value = token.number;
        return e;
    }
    if (in.accept(TokenKind::left_paren)) {
        Expression inner = expression(in, parameters, depth + 1);
        in.expect(TokenKind::right_paren, "to close the parenthesis");
        return inner;
    }
    if (token.kind == TokenKind::identifier) {
        in.next();
        static const char* functions[] = {"sin", "cos", "tan", "exp", "ln", "sqrt"};
        static const char* openqasm3_functions[] = {"arcsin", "arccos", "arctan", "log", "ceiling", "floor"};
        const bool openqasm3 = in.dialect() == Dialect::openqasm3;
        if (std::find(std::begin(functions), std::end(functions), token.text) != std::end(functions) ||
            (openqasm3 && std::find(std::begin(openqasm3_functions), std::end(openqasm3_functions), token.text) !=
                              std::end(openqasm3_functions))) {
            in.expect(TokenKind::left_paren, "after the function '" + std::string(token.text) + "'");
            e.kind = Expression::Kind::call;
            e.name = std::string(token.text);
            e.operands.push_back(expression(in, parameters, depth + 1));
            in.expect(TokenKind::right_paren, "to close the call of '" + std::string(token.text) + "'");
            return e;
        }
        if (token.text == "pi") {
            e.value = M_PI;
            return e;
        }
        if (openqasm3) { // the constants of OpenQASM 3, by name and by letter
            if (token.text == "π") e.value = M_PI;
            if (token.text == "tau" || token.text == "τ") e.value = 2 * M_PI;
            if (token.text == "euler" || token.text == "ℇ") e.value = M_E;
            if (e.value != 0) return e;
        }
        if (parameters && std::find(parameters->begin(), parameters->end(), token.text) != parameters->end()) {
            e.kind = Expression::Kind::parameter;
            e.name = std::string(token.text);
            return e;
        }
        in.fail("undefined identifier '" + std::string(token.text) + "' in an expression", token);
    }
    in.fail("expected an expression, found " + TokenStream::found(token), token);
}

} // namespace

double evaluate(const Expression& e, const std::map<std::string, double>& values, const SourceFile& source) {
    double result = 0;
    switch (e.kind) {
    case Expression::Kind::number: result = e.value; break;
    case Expression::Kind::parameter: result = values.at(e.name); break;
    case Expression::Kind::negate: result = -evaluate(e.operands[0], values, source); break;
    case Expression::Kind::binary: {
        result = evaluate(e.operands[0], values, source);
        for (std::size_t i = 0; i < e.ops.size(); ++i) {
            const double b = evaluate(e.operands[i + 1], values, source);
            switch (e.ops[i]) {
            case '+': result += b; break;
            case '-': result -= b; break;
            case '*': result *= b; break;
            case '/': result /= b; break;
            case '%': result = std::fmod(result, b); break;
            default: result = std::pow(result, b); break;
            }
            if (!std::isfinite(result)) // located at the operator that made it
                throw source.error("the expression evaluates to " + std::to_string(result) +
                                       ", not a finite number",
                                   e.op_positions[i].first, e.op_positions[i].second);
        }
        break;
    }
    case Expression::Kind::call: {
        const double x = evaluate(e.operands[0], values, source);
        if (e.name == "sin") result = std::sin(x);
        else if (e.name == "cos") result = std::cos(x);
        else if (e.name == "tan") result = std::tan(x);
        else if (e.name == "exp") result = std::exp(x);
        else if (e.name == "ln" || e.name == "log") result = std::log(x);
        else if (e.name == "arcsin") result = std::asin(x);
        else if (e.name == "arccos") result = std::acos(x);
        else if (e.name == "arctan") result = std::atan(x);
        else if (e.name == "ceiling") result = std::ceil(x);
        else if (e.name == "floor") result = std::floor(x);
        else result = std::sqrt(x);
        break;
    }
    }
    if (!std::isfinite(result))
        throw source.error("the expression evaluates to " + std::to_string(result) + ", not a finite number",
                            e.line, e.column);
    return result;
}

Expression parse_expression(TokenStream& in, const std::vector<std::string>* parameters) {
    return expression(in, parameters, 0);
}

} // namespace qzone::qasm
