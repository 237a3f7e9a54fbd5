#pragma once
/// @file mpi_types.hpp
/// Not part of the API. Compile-time maps from C++ types to MPI datatypes and
/// from reduction functors to MPI's predefined operations, with the rules of
/// the MPI standard on which operation applies to which type.

#include <complex>
#include <functional>
#include <type_traits>

#include <mpi.h>

#include <runtime/reduce_ops.hpp>

namespace qzone::detail {

/// Whether T has a predefined MPI datatype qzone reduces with. `char` is left
/// out on purpose: MPI allows no arithmetic on MPI_CHAR.
template<typename T>
inline constexpr bool has_mpi_datatype_v =
    std::is_same_v<T, bool> || std::is_floating_point_v<T> ||
    (std::is_integral_v<T> && !std::is_same_v<T, char>) ||
    std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>> ||
    std::is_same_v<T, std::complex<long double>>;

template<typename T>
MPI_Datatype mpi_datatype() {
    static_assert(has_mpi_datatype_v<T>, "no MPI datatype for this type");
    if constexpr (std::is_same_v<T, bool>) return MPI_CXX_BOOL;
    else if constexpr (std::is_same_v<T, signed char>) return MPI_SIGNED_CHAR;
    else if constexpr (std::is_same_v<T, unsigned char>) return MPI_UNSIGNED_CHAR;
    else if constexpr (std::is_same_v<T, short>) return MPI_SHORT;
    else if constexpr (std::is_same_v<T, unsigned short>) return MPI_UNSIGNED_SHORT;
    else if constexpr (std::is_same_v<T, int>) return MPI_INT;
    else if constexpr (std::is_same_v<T, unsigned>) return MPI_UNSIGNED;
    else if constexpr (std::is_same_v<T, long>) return MPI_LONG;
    else if constexpr (std::is_same_v<T, unsigned long>) return MPI_UNSIGNED_LONG;
    else if constexpr (std::is_same_v<T, long long>) return MPI_LONG_LONG;
    else if constexpr (std::is_same_v<T, unsigned long long>) return MPI_UNSIGNED_LONG_LONG;
    else if constexpr (std::is_same_v<T, float>) return MPI_FLOAT;
    else if constexpr (std::is_same_v<T, double>) return MPI_DOUBLE;
    else if constexpr (std::is_same_v<T, long double>) return MPI_LONG_DOUBLE;
    else if constexpr (std::is_same_v<T, std::complex<float>>) return MPI_CXX_FLOAT_COMPLEX;
    else if constexpr (std::is_same_v<T, std::complex<double>>) return MPI_CXX_DOUBLE_COMPLEX;
    else return MPI_CXX_LONG_DOUBLE_COMPLEX;
}

/// Which predefined MPI operation a functor is, and which types MPI allows it
/// on. The primary template: none (qzone folds with the functor itself).
template<typename Op>
struct mpi_op_traits {
    static constexpr bool predefined = false;
};

template<typename T>
inline constexpr bool is_mpi_integer_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>;
template<typename T>
inline constexpr bool is_mpi_arithmetic_v = is_mpi_integer_v<T> || std::is_floating_point_v<T>;
template<typename T>
inline constexpr bool is_mpi_complex_v = has_mpi_datatype_v<T> && !std::is_arithmetic_v<T>;
template<typename T>
inline constexpr bool is_mpi_logical_v = is_mpi_integer_v<T> || std::is_same_v<T, bool>;
template<typename T>
inline constexpr bool is_mpi_summable_v = is_mpi_arithmetic_v<T> || is_mpi_complex_v<T>;

#define QZONE_DETAIL_MPI_OP(FUNCTOR, MPI_OPERATION, ALLOWED)                                       \
    template<typename U>                                                                           \
    struct mpi_op_traits<FUNCTOR> {                                                                \
        static constexpr bool predefined = true;                                                   \
        template<typename T>                                                                       \
        static constexpr bool allows = ALLOWED;                                                    \
        static MPI_Op op() { return MPI_OPERATION; }                                               \
    };

QZONE_DETAIL_MPI_OP(std::plus<U>, MPI_SUM, is_mpi_summable_v<T>)
QZONE_DETAIL_MPI_OP(std::multiplies<U>, MPI_PROD, is_mpi_summable_v<T>)
QZONE_DETAIL_MPI_OP(std::logical_and<U>, MPI_LAND, is_mpi_logical_v<T>)
QZONE_DETAIL_MPI_OP(std::logical_or<U>, MPI_LOR, is_mpi_logical_v<T>)
QZONE_DETAIL_MPI_OP(std::bit_and<U>, MPI_BAND, is_mpi_integer_v<T>)
QZONE_DETAIL_MPI_OP(std::bit_or<U>, MPI_BOR, is_mpi_integer_v<T>)
QZONE_DETAIL_MPI_OP(std::bit_xor<U>, MPI_BXOR, is_mpi_integer_v<T>)
#undef QZONE_DETAIL_MPI_OP

template<>
struct mpi_op_traits<min_op> {
    static constexpr bool predefined = true;
    template<typename T>
    static constexpr bool allows = is_mpi_arithmetic_v<T>;
    static MPI_Op op() { return MPI_MIN; }
};

template<>
struct mpi_op_traits<max_op> {
    static constexpr bool predefined = true;
    template<typename T>
    static constexpr bool allows = is_mpi_arithmetic_v<T>;
    static MPI_Op op() { return MPI_MAX; }
};

/// True when MPI can reduce elements of type T with Op directly.
template<typename Op, typename T>
constexpr bool mpi_can_reduce() {
    if constexpr (mpi_op_traits<Op>::predefined && has_mpi_datatype_v<T>)
        return mpi_op_traits<Op>::template allows<T>;
    else
        return false;
}

} // namespace qzone::detail
