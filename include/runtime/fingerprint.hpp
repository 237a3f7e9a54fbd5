#pragma once
/// @file fingerprint.hpp
/// Fingerprints of states and circuits, for checkpoints and replay.

#include <cstdint>
#include <string>

#include <runtime/circuit.hpp>
#include <runtime/distributed_state.hpp>

namespace qzone {

/// A 61-bit hash of the state's amplitude bits in global index order: the
/// same for any rank count, chunk count and placement (amplitudes computed
/// by qzone are bit-identical across layouts). Each part is hashed as a
/// double, so a single-precision state and a double one holding the same
/// values have the same fingerprint. Collective.
std::uint64_t fingerprint(const DistributedState& state);

/// A fingerprint or hash as it is written in results and recordings:
/// "0x" and 16 lower-case hexadecimal digits.
std::string format_fingerprint(std::uint64_t value);

/// A 64-bit hash of what a circuit does: qubit and bit counts, and every
/// operation's kind, qubits, matrix, condition. Formatting and names of the
/// source file do not enter it.
std::uint64_t circuit_hash(const Circuit& circuit);

namespace detail {

/// A polynomial hash over 64-bit words modulo 2^61 - 1 that composes over
/// concatenation: combine(h(a), h(b), words(b)) == h(a b).
struct WordHash {
    std::uint64_t value = 0;
    std::uint64_t words = 0;

    /// The hash of `count` words.
    static WordHash of(const std::uint64_t* data, std::uint64_t count);
    /// The hash of this sequence followed by `next`.
    WordHash then(const WordHash& next) const;
};

} // namespace detail
} // namespace qzone
