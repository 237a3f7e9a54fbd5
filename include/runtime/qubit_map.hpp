#pragma once
/// @file qubit_map.hpp
/// Where each qubit of a state lies: the lazy qubit map. Swap gates and the
/// planner move qubits between bit positions of the amplitude index instead
/// of moving them back; everything that reads a state translates through the
/// map, so results are those of the identity map.

#include <cstdint>
#include <vector>

#include <runtime/errors.hpp>

namespace qzone {

/// A permutation between qubits (the circuit's numbering) and bit positions
/// of the stored amplitude index. Position p < local qubits lies inside a
/// chunk, higher positions are bits of the chunk index.
class QubitMap {
public:
    using index_type = std::uint64_t;

    QubitMap() = default;
    /// The identity on `qubits` qubits.
    explicit QubitMap(unsigned qubits);
    /// `positions[q]` is the bit position of qubit q.
    /// @throw qzone::InputError unless `positions` is a permutation of 0..n-1.
    static QubitMap from_positions(std::vector<unsigned> positions);

    unsigned qubits() const noexcept { return static_cast<unsigned>(position_.size()); }
    unsigned position(unsigned qubit) const { return position_[qubit]; }
    unsigned qubit_at(unsigned position) const { return qubit_[position]; }
    const std::vector<unsigned>& positions() const noexcept { return position_; }
    bool is_identity() const noexcept;

    /// The qubits at positions a and b trade places (a relabel: no amplitude moves).
    void swap_positions(unsigned a, unsigned b);

    /// Stored index of the basis state `logical` (bit q = qubit q).
    index_type stored_index(index_type logical) const noexcept;
    /// Basis state (bit q = qubit q) of the stored index `stored`.
    index_type logical_index(index_type stored) const noexcept;

    bool operator==(const QubitMap& other) const noexcept { return position_ == other.position_; }
    bool operator!=(const QubitMap& other) const noexcept { return !(*this == other); }

private:
    std::vector<unsigned> position_; ///< qubit -> position
    std::vector<unsigned> qubit_;    ///< position -> qubit
};

} // namespace qzone
