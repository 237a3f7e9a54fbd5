#pragma once
/// @file collectives.hpp
/// Not part of the API: RuntimeView and RAM forward to these. Typed
/// collectives over any communicator, built on the byte-level core and the
/// byte codec (raw bytes for trivially copyable data, cereal otherwise).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <runtime/detail/byte_codec.hpp>
#include <runtime/detail/collective_core.hpp>
#include <runtime/detail/mpi_types.hpp>
#include <runtime/errors.hpp>

namespace qzone::detail {

/// Splits a buffer of back-to-back encoded blocks into values.
template<typename T>
std::vector<T> decode_blocks(const std::byte* buffer, const std::vector<std::uint64_t>& sizes) {
    std::vector<T> values;
    values.reserve(sizes.size());
    for (std::uint64_t size : sizes) {
        values.push_back(decode<T>(buffer, size));
        buffer += size;
    }
    return values;
}

/// Every rank's value, in rank order, on every rank.
template<typename T>
std::vector<T> all_gather(MPI_Comm comm, const T& value) {
    const auto ranks = static_cast<std::size_t>(comm_size(comm));
    if constexpr (is_raw_bytes_v<T>) {
        std::vector<T> values(ranks);
        allgatherv_bytes(comm, &value, std::vector<std::uint64_t>(ranks, sizeof(T)), values.data());
        return values;
    } else {
        const EncodedBytes bytes = encode(value);
        const std::vector<std::uint64_t> sizes = allgather_sizes(comm, bytes.size());
        // Not zero-filled: MPI overwrites every byte.
        const std::unique_ptr<std::byte[]> buffer(
            new std::byte[std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0})]);
        allgatherv_bytes(comm, bytes.data(), sizes, buffer.get());
        return decode_blocks<T>(buffer.get(), sizes);
    }
}

/// Every rank's value, in rank order, on `root`; std::nullopt elsewhere.
template<typename T>
std::optional<std::vector<T>> gather_to(MPI_Comm comm, int root, const T& value) {
    const EncodedBytes bytes = encode(value);
    std::unique_ptr<std::byte[]> buffer;
    const std::vector<std::uint64_t> sizes =
        gatherv_bytes(comm, root, bytes.data(), bytes.size(), [&buffer](std::uint64_t total) {
            buffer.reset(new std::byte[total]);
            return static_cast<void*>(buffer.get());
        });
    if (comm_rank(comm) != root) return std::nullopt;
    return decode_blocks<T>(buffer.get(), sizes);
}

/// Root's `value` on every rank (the argument is ignored elsewhere).
template<typename T>
T broadcast_from(MPI_Comm comm, int root, const T& value) {
    if constexpr (is_raw_bytes_v<T>) {
        T result = value;
        broadcast_bytes(comm, root, &result, sizeof(T));
        return result;
    } else {
        const bool is_root = comm_rank(comm) == root;
        std::optional<EncodedBytes> bytes;
        if (is_root) bytes.emplace(encode(value));
        const std::uint64_t size = broadcast_size(comm, root, is_root ? bytes->size() : 0);
        std::vector<std::byte> buffer(size);
        if (is_root && size != 0) std::memcpy(buffer.data(), bytes->data(), size);
        broadcast_bytes(comm, root, buffer.data(), size);
        return is_root ? value : decode<T>(buffer.data(), size);
    }
}

template<typename T>
struct reduced_element {
    using type = T;
    static constexpr bool is_vector = false;
};
template<typename E, typename A>
struct reduced_element<std::vector<E, A>> {
    using type = E;
    static constexpr bool is_vector = true;
};

/// Folds rank-ordered values with `op`, element-wise for vectors.
/// @throw qzone::Error if vectors differ in length (identical on every rank,
///        since every rank folds the same gathered values).
template<typename T, typename Op>
T fold_in_rank_order(const std::vector<T>& values, Op& op) {
    T result = values.front();
    for (std::size_t rank = 1; rank < values.size(); ++rank) {
        if constexpr (reduced_element<T>::is_vector) {
            if (values[rank].size() != result.size())
                throw qzone::InputError("reduce: vector lengths differ across ranks (rank 0 has " +
                                        std::to_string(result.size()) + " elements, rank " + std::to_string(rank) +
                                        " has " + std::to_string(values[rank].size()) + ")");
            for (std::size_t i = 0; i < result.size(); ++i) result[i] = op(result[i], values[rank][i]);
        } else {
            result = op(result, values[rank]);
        }
    }
    return result;
}

/// All-reduce: predefined MPI operations on MPI types go through
/// MPI_Allreduce; any other functor or type is gathered and folded in rank
/// order, so the result is identical on every rank.
/// `value` is taken by value so that a moved-in vector is reduced in its own
/// storage, without a copy.
template<typename T, typename Op>
T all_reduce(MPI_Comm comm, T value, Op op) {
    using Element = typename reduced_element<T>::type;
    constexpr bool is_vector = reduced_element<T>::is_vector;
    if constexpr (mpi_can_reduce<Op, Element>() && !(is_vector && std::is_same_v<Element, bool>)) {
        T result = std::move(value);
        if constexpr (is_vector) {
            require_same_length(comm, result.size());
            allreduce_in_place(comm, result.data(), result.size(), mpi_datatype<Element>(), mpi_op_traits<Op>::op());
        } else {
            allreduce_in_place(comm, &result, 1, mpi_datatype<Element>(), mpi_op_traits<Op>::op());
        }
        return result;
    } else {
        return fold_in_rank_order(all_gather(comm, value), op);
    }
}

} // namespace qzone::detail
