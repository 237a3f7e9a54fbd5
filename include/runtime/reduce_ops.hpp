#pragma once
/// @file reduce_ops.hpp
/// Reduction operators that the standard library lacks. Together with
/// std::plus<>, std::multiplies<>, std::logical_and<>, std::logical_or<>,
/// std::bit_and<>, std::bit_or<> and std::bit_xor<> they map onto MPI's
/// predefined operations; any other functor is applied by qzone itself.

namespace qzone {

/// The smaller of two values (MPI_MIN).
struct min_op {
    template<typename T>
    constexpr const T& operator()(const T& a, const T& b) const {
        return b < a ? b : a;
    }
};

/// The larger of two values (MPI_MAX).
struct max_op {
    template<typename T>
    constexpr const T& operator()(const T& a, const T& b) const {
        return a < b ? b : a;
    }
};

} // namespace qzone
