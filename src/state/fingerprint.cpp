#include <runtime/fingerprint.hpp>

#include <cstdio>
#include <cstring>
#include <vector>

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

std::uint64_t power(std::uint64_t exponent) {
    std::uint64_t result = 1, square = base;
    for (; exponent; exponent >>= 1) {
        if (exponent & 1) result = multiply(result, square);
        square = multiply(square, square);
    }
    return result;
}

} // namespace

WordHash WordHash::of(const std::uint64_t* data, std::uint64_t count) {
    std::uint64_t value = 0;
    for (std::uint64_t i = 0; i < count; ++i) value = add(multiply(value, base), data[i] % modulus + 1);
    return WordHash{value, count};
}

WordHash WordHash::then(const WordHash& next) const {
    return WordHash{add(multiply(value, power(next.words)), next.value), words + next.words};
}

} // namespace detail

std::uint64_t fingerprint(const DistributedState& state) {
    const auto amplitudes = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), state.local_amplitudes());
    const detail::WordHash mine =
        detail::WordHash::of(reinterpret_cast<const std::uint64_t*>(amplitudes.data()), 2 * amplitudes.extent(0));
    // Ranks hold consecutive ranges: combine their hashes in rank order.
    detail::WordHash total;
    for (const detail::WordHash& part : state.runtime().gather(mine)) total = total.then(part);
    return total.value;
}

std::string format_fingerprint(std::uint64_t value) {
    char text[19];
    std::snprintf(text, sizeof(text), "0x%016llx", static_cast<unsigned long long>(value));
    return text;
}

std::uint64_t circuit_hash(const Circuit& circuit) {
    // FNV-1a over a canonical byte stream of the circuit.
    std::uint64_t hash = 0xcbf29ce484222325ull;
    const auto feed = [&hash](const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 0x100000001b3ull;
    };
    const auto feed_value = [&feed](auto value) { feed(&value, sizeof(value)); };
    feed_value(circuit.qubits);
    feed_value(circuit.clbits);
    for (const Operation& op : circuit.operations) {
        feed_value(static_cast<int>(op.kind));
        feed_value(op.qubits.size());
        for (unsigned q : op.qubits) feed_value(q);
        feed_value(op.clbit);
        feed_value(static_cast<int>(op.gate.kind));
        for (unsigned q : op.gate.targets) feed_value(q);
        for (int s : op.gate.control_states) feed_value(s);
        for (const auto& entry : op.gate.matrix) {
            feed_value(entry.real());
            feed_value(entry.imag());
        }
        feed(op.gate.paulis.data(), op.gate.paulis.size());
        feed_value(op.gate.angle);
        feed_value(op.condition.has_value());
        if (op.condition) {
            feed_value(op.condition->first_bit);
            feed_value(op.condition->width);
            feed_value(op.condition->value);
        }
    }
    return hash;
}

} // namespace qzone
