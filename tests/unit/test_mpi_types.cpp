// Which functor/type pairs go to MPI's predefined operations (the rest are
// folded by qzone). Compile-time facts, checked where MPI's rules say so.

#include <complex>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include <runtime/detail/mpi_types.hpp>

using qzone::detail::mpi_can_reduce;

TEST(MpiTypes, PredefinedOperationsFollowTheMpiStandard) {
    static_assert(mpi_can_reduce<std::plus<>, double>());
    static_assert(mpi_can_reduce<std::plus<int>, int>());
    static_assert(mpi_can_reduce<std::multiplies<>, std::complex<double>>());
    static_assert(mpi_can_reduce<qzone::min_op, unsigned long>());
    static_assert(!mpi_can_reduce<qzone::max_op, std::complex<double>>()); // MPI_MAX has no complex order
    static_assert(mpi_can_reduce<std::logical_and<>, bool>());
    static_assert(!mpi_can_reduce<std::plus<>, bool>());
    static_assert(mpi_can_reduce<std::bit_xor<>, unsigned char>());
    static_assert(!mpi_can_reduce<std::bit_or<>, double>());
    static_assert(!mpi_can_reduce<std::plus<>, char>()); // MPI_CHAR allows no arithmetic
    static_assert(!mpi_can_reduce<std::plus<>, std::string>());
    EXPECT_EQ(qzone::detail::mpi_datatype<double>(), MPI_DOUBLE);
    EXPECT_EQ(qzone::detail::mpi_datatype<std::complex<double>>(), MPI_CXX_DOUBLE_COMPLEX);
    EXPECT_EQ(qzone::detail::mpi_datatype<bool>(), MPI_CXX_BOOL);
}

TEST(ReduceOps, MinAndMaxPickTheRightOperand) {
    EXPECT_EQ(qzone::min_op{}(3, -2), -2);
    EXPECT_EQ(qzone::max_op{}(3, -2), 3);
    EXPECT_EQ(qzone::max_op{}(std::string("a"), std::string("b")), "b");
}
