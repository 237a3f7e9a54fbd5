#pragma once
/// @file pauli.hpp
/// Pauli strings and weighted sums of them, the observables of expectation().

#include <complex>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <runtime/errors.hpp>

namespace qzone {

/// A tensor product of X, Y, Z on distinct qubits (identity elsewhere).
class PauliString {
public:
    /// The identity.
    PauliString() = default;

    /// letters[j] ('X', 'Y', 'Z' or 'I') on qubits[j].
    /// @throw qzone::InputError for another letter, a repeated qubit, or
    ///        sizes that differ.
    PauliString(std::vector<unsigned> qubits, std::string letters);

    /// Parses "Z0 Z1", "X0Y3", "z2 x5" (letter then qubit index, spaces
    /// optional); "I" or "" is the identity.
    /// @throw qzone::InputError naming the column of the first problem.
    static PauliString parse(std::string_view text);

    const std::vector<unsigned>& qubits() const noexcept { return qubits_; }
    const std::string& letters() const noexcept { return letters_; }
    /// Like "X0 Z3"; "I" for the identity.
    std::string to_string() const;

private:
    std::vector<unsigned> qubits_;
    std::string letters_;
};

/// How a Pauli string acts on basis states: P|y> = factor (-1)^{|y & sign_mask|} |y ^ flip>,
/// with factor = i^{number of Y}.
struct PauliAction {
    std::uint64_t flip = 0;      ///< bits of the X and Y letters
    std::uint64_t sign_mask = 0; ///< bits of the Z and Y letters
    std::complex<double> factor = 1;
};

/// The action of letters[j] ('X', 'Y', 'Z' or 'I') on bit positions[j].
/// Not checked: the caller gives one distinct position below 64 per letter.
PauliAction pauli_action(std::string_view letters, const std::vector<unsigned>& positions);

/// sum_j weight_j * P_j.
using PauliSum = std::vector<std::pair<double, PauliString>>;

/// Parses a weighted sum such as "0.5*Z0Z1 + X2 - 2 * Y0 Y1" or "Z0 Z1":
/// terms joined by + or -, each an optional number and '*' before a Pauli
/// string. @throw qzone::InputError naming the column of the problem.
PauliSum parse_pauli_sum(std::string_view text);

} // namespace qzone
