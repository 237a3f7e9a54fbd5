#pragma once
/// @file byte_codec.hpp
/// Not part of the API. How a value becomes bytes on the wire and back:
///  - trivially copyable types go as their object representation;
///  - std::basic_string and std::vector of trivially copyable elements go as
///    their contiguous storage, without a copy on the sending side;
///  - everything else goes through a cereal binary archive, so any type with
///    a cereal `serialize` (or save/load) function can be communicated.

#include <cstddef>
#include <cstring>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/complex.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/tuple.hpp>
#include <cereal/types/unordered_map.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <runtime/errors.hpp>

namespace qzone::detail {

/// T travels as sizeof(T) raw bytes.
template<typename T>
inline constexpr bool is_raw_bytes_v = std::is_trivially_copyable_v<T>;

/// T is a contiguous container of raw-byte elements (std::vector<bool> is not).
template<typename T>
struct is_contiguous_raw : std::false_type {};
template<typename C, typename Traits, typename Alloc>
struct is_contiguous_raw<std::basic_string<C, Traits, Alloc>> : std::bool_constant<is_raw_bytes_v<C>> {};
template<typename E, typename Alloc>
struct is_contiguous_raw<std::vector<E, Alloc>>
    : std::bool_constant<is_raw_bytes_v<E> && !std::is_same_v<E, bool>> {};
template<typename T>
inline constexpr bool is_contiguous_raw_v = is_contiguous_raw<T>::value;

/// The bytes of one encoded value. Borrows the value's own storage when it can
/// (the value must outlive this object) and owns a serialized copy otherwise.
class EncodedBytes {
public:
    static EncodedBytes borrow(const void* data, std::size_t size) {
        EncodedBytes encoded;
        encoded.borrowed_ = data;
        encoded.size_ = size;
        return encoded;
    }
    static EncodedBytes own(std::string bytes) {
        EncodedBytes encoded;
        encoded.owned_ = std::move(bytes);
        encoded.owning_ = true;
        encoded.size_ = encoded.owned_.size();
        return encoded;
    }

    const void* data() const noexcept { return owning_ ? owned_.data() : borrowed_; }
    std::size_t size() const noexcept { return size_; }

private:
    EncodedBytes() = default;

    std::string owned_;
    const void* borrowed_ = nullptr;
    bool owning_ = false;
    std::size_t size_ = 0;
};

/// The bytes that represent `value` on the wire.
template<typename T>
EncodedBytes encode(const T& value) {
    if constexpr (is_raw_bytes_v<T>) {
        return EncodedBytes::borrow(&value, sizeof(T));
    } else if constexpr (is_contiguous_raw_v<T>) {
        return EncodedBytes::borrow(value.data(), value.size() * sizeof(typename T::value_type));
    } else {
        std::ostringstream stream(std::ios::binary);
        {
            cereal::BinaryOutputArchive archive(stream);
            archive(value);
        }
        return EncodedBytes::own(std::move(stream).str());
    }
}

/// Rebuilds a value from bytes made by encode<T>().
/// @throw qzone::Error if the bytes cannot be a T (wrong size, corrupt archive).
template<typename T>
T decode(const void* data, std::size_t size) {
    if constexpr (is_raw_bytes_v<T>) {
        if (size != sizeof(T))
            throw InternalError("decode: expected " + std::to_string(sizeof(T)) + " bytes, got " + std::to_string(size));
        T value;
        std::memcpy(static_cast<void*>(&value), data, sizeof(T));
        return value;
    } else if constexpr (is_contiguous_raw_v<T>) {
        using Element = typename T::value_type;
        if (size % sizeof(Element) != 0)
            throw InternalError("decode: " + std::to_string(size) + " bytes is not a whole number of elements of " +
                                std::to_string(sizeof(Element)) + " bytes");
        // One pass: construct from the bytes (no zero-fill first). Elements are
        // trivially copyable, so copying their bytes is copying them.
        const auto* first = static_cast<const Element*>(data);
        return T(first, first + size / sizeof(Element));
    } else {
        std::istringstream stream(std::string(static_cast<const char*>(data), size), std::ios::binary);
        T value;
        try {
            cereal::BinaryInputArchive archive(stream);
            archive(value);
        } catch (const cereal::Exception& e) {
            throw InternalError(std::string("decode: corrupt serialized value: ") + e.what());
        }
        return value;
    }
}

} // namespace qzone::detail
