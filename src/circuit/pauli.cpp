#include <runtime/pauli.hpp>

#include <algorithm>
#include <cctype>

#include <runtime/errors.hpp>

namespace qzone {

PauliString::PauliString(std::vector<unsigned> qubits, std::string letters)
    : qubits_(std::move(qubits)), letters_(std::move(letters)) {
    if (qubits_.size() != letters_.size())
        throw InputError("PauliString: " + std::to_string(letters_.size()) + " letters for " +
                         std::to_string(qubits_.size()) + " qubits");
    for (char letter : letters_)
        if (letter != 'X' && letter != 'Y' && letter != 'Z' && letter != 'I')
            throw InputError(std::string("PauliString: '") + letter + "' is not X, Y, Z or I");
    std::vector<unsigned> sorted = qubits_;
    std::sort(sorted.begin(), sorted.end());
    if (const auto repeated = std::adjacent_find(sorted.begin(), sorted.end()); repeated != sorted.end())
        throw InputError("PauliString: qubit " + std::to_string(*repeated) + " appears twice");
}

PauliString PauliString::parse(std::string_view text) {
    std::vector<unsigned> qubits;
    std::string letters;
    std::size_t at = 0;
    const auto fail = [&](const std::string& problem) {
        throw InputError("Pauli string '" + std::string(text) + "', column " + std::to_string(at + 1) +
                         ": " + problem);
    };
    while (at < text.size()) {
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(text[at])));
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++at;
            continue;
        }
        if (c == 'I' && (at + 1 == text.size() || !std::isdigit(static_cast<unsigned char>(text[at + 1])))) {
            ++at; // a bare I: identity factor
            continue;
        }
        if (c != 'X' && c != 'Y' && c != 'Z' && c != 'I') fail(std::string("expected X, Y, Z or I, found '") + text[at] + "'");
        const std::size_t letter_at = at++;
        if (at == text.size() || !std::isdigit(static_cast<unsigned char>(text[at]))) fail("expected a qubit index");
        unsigned long qubit = 0;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
            qubit = qubit * 10 + static_cast<unsigned long>(text[at] - '0');
            if (qubit > 1000000) fail("qubit index too large");
            ++at;
        }
        if (c == 'I') continue;
        if (std::find(qubits.begin(), qubits.end(), qubit) != qubits.end()) {
            at = letter_at;
            fail("qubit " + std::to_string(qubit) + " appears twice");
        }
        qubits.push_back(static_cast<unsigned>(qubit));
        letters.push_back(c);
    }
    return PauliString(std::move(qubits), std::move(letters));
}

PauliSum parse_pauli_sum(std::string_view text) {
    PauliSum sum;
    std::size_t at = 0;
    const auto fail = [&](const std::string& problem) {
        throw InputError("observable '" + std::string(text) + "', column " + std::to_string(at + 1) + ": " +
                         problem);
    };
    const auto skip_spaces = [&] {
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    };
    double sign = 1;
    skip_spaces();
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) sign = text[at++] == '-' ? -1 : 1;
    while (true) {
        skip_spaces();
        double weight = 1;
        const std::size_t term_start = at;
        if (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.')) {
            std::size_t used = 0;
            try {
                weight = std::stod(std::string(text.substr(at)), &used);
            } catch (const std::exception&) {
                fail("expected a number");
            }
            at += used;
            skip_spaces();
            if (at >= text.size() || text[at] != '*') fail("expected '*' between the weight and the Pauli string");
            ++at;
        }
        std::size_t end = at;
        while (end < text.size() && text[end] != '+' && text[end] != '-') ++end;
        const std::string_view term = text.substr(at, end - at);
        if (term.find_first_not_of(" \t") == std::string_view::npos) {
            at = term_start;
            fail("expected a Pauli string");
        }
        try {
            sum.emplace_back(sign * weight, PauliString::parse(term));
        } catch (const InputError& e) {
            fail(e.what());
        }
        at = end;
        if (at >= text.size()) break;
        sign = text[at++] == '-' ? -1 : 1;
    }
    return sum;
}

std::string PauliString::to_string() const {
    std::string text;
    for (std::size_t j = 0; j < qubits_.size(); ++j) {
        if (letters_[j] == 'I') continue;
        if (!text.empty()) text += ' ';
        text += letters_[j] + std::to_string(qubits_[j]);
    }
    return text.empty() ? "I" : text;
}

PauliAction pauli_action(std::string_view letters, const std::vector<unsigned>& positions) {
    static const std::complex<double> i_powers[4] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    PauliAction action;
    int y_count = 0;
    for (std::size_t j = 0; j < letters.size(); ++j) {
        const std::uint64_t bit = std::uint64_t{1} << positions[j];
        if (letters[j] == 'X' || letters[j] == 'Y') action.flip |= bit;
        if (letters[j] == 'Z' || letters[j] == 'Y') action.sign_mask |= bit;
        y_count += letters[j] == 'Y';
    }
    action.factor = i_powers[y_count % 4];
    return action;
}

} // namespace qzone
