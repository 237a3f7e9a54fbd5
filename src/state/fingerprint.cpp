#include <runtime/fingerprint.hpp>
#include <runtime/state_views.hpp>

#include <cstdio>
#include <algorithm>
#include <cstring>
#include <vector>

#include "../detail/fnv1a.hpp"
#include "host_pieces.hpp"

namespace qzone {
namespace detail {
namespace {

__extension__ typedef unsigned __int128 uint128; // GCC and Clang: 64x64 -> 128-bit products

constexpr std::uint64_t modulus = (std::uint64_t{1} << 61) - 1;
constexpr std::uint64_t base = 0x1f3d5b79a2c4e681ull % modulus;

std::uint64_t multiply(std::uint64_t a, std::uint64_t b) {
    const uint128 product = static_cast<uint128>(a) * b;
    const std::uint64_t folded = static_cast<std::uint64_t>(product & modulus) + static_cast<std::uint64_t>(product >> 61);
    return folded >= modulus ? folded - modulus : folded;
}

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
    const std::uint64_t sum = a + b;
    return sum >= modulus ? sum - modulus : sum;
}

/// x mod M for any 64-bit x: 2^61 = 1 (mod M), so one fold leaves less than
/// M + 8 (the compiler's division by a constant costs a 128-bit product).
std::uint64_t reduce(std::uint64_t x) {
    x = (x & modulus) + (x >> 61);
    return x >= modulus ? x - modulus : x;
}

/// A value congruent to x (mod M) below 2^64, for x below 2^125: a fold without the final subtraction.
std::uint64_t fold(uint128 x) { return static_cast<std::uint64_t>(x & modulus) + static_cast<std::uint64_t>(x >> 61); }

/// x mod M for any 128-bit x.
std::uint64_t reduce(uint128 x) {
    while (x >> 64) x = (x & modulus) + (x >> 61);
    return reduce(static_cast<std::uint64_t>(x));
}

std::uint64_t power(std::uint64_t exponent) {
    std::uint64_t result = 1, square = base;
    for (; exponent; exponent >>= 1) {
        if (exponent & 1) result = multiply(result, square);
        square = multiply(square, square);
    }
    return result;
}

/// B^-1: B^(p-2) by Fermat, p prime.
std::uint64_t inverse_base() { return power(modulus - 2); }

/// The bits of `value` as a double: a float amplitude hashes like the double
/// of the same value, so a fingerprint does not depend on the precision
/// that holds a value, only on the value.
template<class Real>
std::uint64_t word_of(Real value) {
    const double widened = value;
    std::uint64_t word;
    std::memcpy(&word, &widened, sizeof(word));
    return word;
}

/// Amplitudes fetched ahead of the fingerprint's loop: 2 KiB.
template<class Real>
constexpr std::uint64_t prefetch_distance = 2048 / sizeof(Kokkos::complex<Real>);

/// This rank's term of fingerprint(), for amplitudes with parts of type Real.
template<class Real>
std::uint64_t fingerprint_here(const DistributedState& state, const std::vector<std::uint64_t>& position_factor,
                               const std::vector<std::uint64_t>& low_factor, unsigned low_bits) {
    const unsigned n = state.qubits();
    const std::uint64_t first = state.layout().first_amplitude_of(state.runtime().my_resource_set().mpi_rank());
    const std::uint64_t run = std::uint64_t{1} << low_bits;
    std::uint64_t mine = 0;
    detail::read_in_host_pieces(local_amplitudes<Real>(state), [&](std::uint64_t piece_first,
                                                                   const Kokkos::complex<Real>* amplitudes,
                                                                   std::uint64_t count) {
        const std::uint64_t begin = first + piece_first;
        for (std::uint64_t at = begin; at < begin + count;) {
            // A run of stored indices that differ only in the table's bits
            // (split where a piece ends: the sum is linear).
            const std::uint64_t end = std::min((at / run + 1) * run, begin + count);
            std::uint64_t high_factor = 1;
            for (unsigned p = low_bits; p < n; ++p)
                if (at >> p & 1) high_factor = multiply(high_factor, position_factor[p]);
            // Terms summed modulo M lazily, as congruent values in 128 bits:
            // the same residue as reducing each (terms below 2^62 + 2^61,
            // folded products below 2^64, so 2^64 of them fit).
            uint128 sum = 0;
            for (; at < end; ++at) {
                // Much arithmetic per byte: the hardware alone keeps too few
                // loads in flight (1.6 GB/s measured); fetch 2 KiB ahead.
                __builtin_prefetch(amplitudes + (at - begin) + prefetch_distance<Real>);
                const Kokkos::complex<Real> a = amplitudes[at - begin];
                const std::uint64_t term = fold(static_cast<uint128>(reduce(word_of(a.real())) + 1) * base) +
                                           reduce(word_of(a.imag())) + 1;
                sum += fold(static_cast<uint128>(term) * low_factor[at & (run - 1)]);
            }
            mine = add(mine, multiply(reduce(sum), high_factor));
        }
    });
    return mine;
}

} // namespace

WordHash WordHash::of(const std::uint64_t* data, std::uint64_t count) {
    std::uint64_t value = 0;
    for (std::uint64_t i = 0; i < count; ++i) value = add(multiply(value, base), reduce(data[i]) + 1);
    return WordHash{value, count};
}

WordHash WordHash::then(const WordHash& next) const {
    return WordHash{add(multiply(value, power(next.words)), next.value), words + next.words};
}

} // namespace detail

std::uint64_t fingerprint(const DistributedState& state) {
    // The word hash of the amplitudes in basis-state order, sum_j x_j B^(W-1-j)
    // over W = 2^(n+1) words, regrouped by amplitude: basis state i adds
    // (x_2i B + x_2i+1) B^(2(A-1-i)) = (x_2i B + x_2i+1) B^(2(A-1)) C^i with
    // C = B^-2. C^i is the product of C^(2^q) over the qubits q set in i, so
    // each stored index contributes a product of per-position factors,
    // whatever the qubit map: ranks add their terms, in any order.
    using namespace detail;
    const QubitMap& map = state.qubit_map();
    const unsigned n = state.qubits();
    const std::uint64_t c = multiply(inverse_base(), inverse_base());
    std::vector<std::uint64_t> position_factor(n); // C^(2^qubit at position p)
    for (unsigned p = 0; p < n; ++p) {
        std::uint64_t f = c;
        for (unsigned k = 0; k < map.qubit_at(p); ++k) f = multiply(f, f);
        position_factor[p] = f;
    }
    // Factors of the low `low_bits` stored bits, one table lookup per amplitude.
    constexpr unsigned table_bits = 12;
    const unsigned low_bits = std::min(n, table_bits);
    std::vector<std::uint64_t> low_factor(std::size_t{1} << low_bits, 1);
    for (std::size_t i = 1; i < low_factor.size(); ++i) {
        const unsigned top = 63 - static_cast<unsigned>(__builtin_clzll(i));
        low_factor[i] = multiply(low_factor[i ^ (std::size_t{1} << top)], position_factor[top]);
    }
    const std::uint64_t mine = with_real_type(state.precision(), [&](auto tag) {
        return fingerprint_here<decltype(tag)>(state, position_factor, low_factor, low_bits);
    });
    std::uint64_t total = 0;
    for (std::uint64_t part : state.runtime().gather(mine)) total = add(total, part);
    return multiply(total, power(2 * (state.layout().amplitude_count() - 1)));
}

std::string format_fingerprint(std::uint64_t value) {
    char text[19];
    std::snprintf(text, sizeof(text), "0x%016llx", static_cast<unsigned long long>(value));
    return text;
}

namespace {

/// A condition into the hash; the fields OpenQASM 2 cannot set only when
/// set, so the hashes of its circuits (kept in checkpoints) do not change.
void feed_condition(detail::Fnv1a& hash, const ClassicalCondition& condition) {
    hash.feed_value(condition.first_bit);
    hash.feed_value(condition.width);
    hash.feed_value(condition.value);
    if (!condition.negated && condition.also.empty()) return;
    hash.feed_value(condition.negated);
    hash.feed_value(condition.also.size());
    for (const ClassicalCondition& other : condition.also) feed_condition(hash, other);
}

} // namespace

std::uint64_t circuit_hash(const Circuit& circuit) {
    // FNV-1a over a canonical byte stream of the circuit.
    detail::Fnv1a hash;
    hash.feed_value(circuit.qubits);
    hash.feed_value(circuit.clbits);
    for (const Operation& op : circuit.operations) {
        hash.feed_value(static_cast<int>(op.kind));
        hash.feed_value(op.qubits.size());
        for (unsigned q : op.qubits) hash.feed_value(q);
        hash.feed_value(op.clbit);
        hash.feed_value(static_cast<int>(op.gate.kind));
        for (unsigned q : op.gate.targets) hash.feed_value(q);
        for (int s : op.gate.control_states) hash.feed_value(s);
        for (const auto& entry : op.gate.matrix) {
            hash.feed_value(entry.real());
            hash.feed_value(entry.imag());
        }
        hash.feed(op.gate.paulis.data(), op.gate.paulis.size());
        hash.feed_value(op.gate.angle);
        hash.feed_value(op.condition.has_value());
        if (op.condition) feed_condition(hash, *op.condition);
        // Fields of the classical kinds only: other circuits' hashes stay as they were.
        if (op.kind == Operation::Kind::assign) hash.feed_value(op.bit_value);
        if (op.kind == Operation::Kind::abort) hash.feed(op.message.data(), op.message.size());
    }
    return hash.value();
}

} // namespace qzone
