#include <runtime/qubit_map.hpp>

#include <string>
#include <utility>

#include <runtime/errors.hpp>

namespace qzone {

QubitMap::QubitMap(unsigned qubits) : position_(qubits), qubit_(qubits) {
    for (unsigned q = 0; q < qubits; ++q) position_[q] = qubit_[q] = q;
}

QubitMap QubitMap::from_positions(std::vector<unsigned> positions) {
    QubitMap map;
    map.qubit_.assign(positions.size(), static_cast<unsigned>(positions.size()));
    for (unsigned q = 0; q < positions.size(); ++q) {
        const unsigned p = positions[q];
        if (p >= positions.size() || map.qubit_[p] != positions.size())
            throw InputError("qubit map: position " + std::to_string(p) + " of qubit " +
                             std::to_string(q) + " is out of range or taken twice");
        map.qubit_[p] = q;
    }
    map.position_ = std::move(positions);
    return map;
}

bool QubitMap::is_identity() const noexcept {
    for (unsigned q = 0; q < position_.size(); ++q)
        if (position_[q] != q) return false;
    return true;
}

void QubitMap::swap_positions(unsigned a, unsigned b) {
    std::swap(qubit_[a], qubit_[b]);
    position_[qubit_[a]] = a;
    position_[qubit_[b]] = b;
}

QubitMap::index_type QubitMap::stored_index(index_type logical) const noexcept {
    index_type stored = 0;
    for (unsigned q = 0; q < position_.size(); ++q) stored |= (logical >> q & 1) << position_[q];
    return stored;
}

QubitMap::index_type QubitMap::logical_index(index_type stored) const noexcept {
    index_type logical = 0;
    for (unsigned p = 0; p < qubit_.size(); ++p) logical |= (stored >> p & 1) << qubit_[p];
    return logical;
}

} // namespace qzone
