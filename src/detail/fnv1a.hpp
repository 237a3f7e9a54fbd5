#pragma once
// Private: the 64-bit FNV-1a hash, fed piece by piece: circuit hashes and
// checkpoint header checksums.

#include <cstddef>
#include <cstdint>

namespace qzone::detail {

class Fnv1a {
public:
    void feed(const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 0x100000001b3ull;
    }
    /// The bytes of a trivially copyable value.
    template<class Value>
    void feed_value(Value value) {
        feed(&value, sizeof(value));
    }
    std::uint64_t value() const noexcept { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

} // namespace qzone::detail
