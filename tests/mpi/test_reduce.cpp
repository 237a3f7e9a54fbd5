// View-level all-reduce: MPI's predefined operations and user functors.
// Expected values are closed forms in the rank count R.

#include <array>
#include <complex>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/runtime_view.hpp>

#include "test_world.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

long ranks() { return static_cast<long>(world().size()); }
long rank() { return static_cast<long>(my_rank()); }

long factorial(long n) { return n <= 1 ? 1 : n * factorial(n - 1); }

/// 2x2 integer matrices: multiplication is associative but not commutative,
/// so only a fold in rank order gives the expected product.
using Matrix = std::array<long, 4>;
Matrix multiply(const Matrix& a, const Matrix& b) {
    return {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3]};
}
Matrix matrix_of(long r) { return {1, r + 1, 0, 1}; } // shear; the product is not symmetric in order
Matrix upper_of(long r) { return {r + 1, 1, 0, 1}; }

} // namespace

TEST(Reduce, SumOfRanks) {
    EXPECT_EQ(world().reduce(rank(), std::plus<>{}), ranks() * (ranks() - 1) / 2);
    EXPECT_DOUBLE_EQ(world().reduce(0.5 * rank(), std::plus<double>{}), 0.25 * ranks() * (ranks() - 1));
}

TEST(Reduce, ProductIsFactorial) {
    EXPECT_EQ(world().reduce(rank() + 1, std::multiplies<>{}), factorial(ranks()));
}

TEST(Reduce, MinAndMax) {
    EXPECT_EQ(world().reduce(rank() - 3, qzone::min_op{}), -3);
    EXPECT_EQ(world().reduce(rank() - 3, qzone::max_op{}), ranks() - 4);
    EXPECT_DOUBLE_EQ(world().reduce(1.0 / (rank() + 1), qzone::min_op{}), 1.0 / ranks());
    EXPECT_EQ(world().reduce(static_cast<unsigned char>(200 + rank()), qzone::max_op{}),
              static_cast<unsigned char>(200 + ranks() - 1));
}

TEST(Reduce, ComplexSum) {
    const auto total = world().reduce(std::complex<double>(1.0, rank()), std::plus<>{});
    EXPECT_DOUBLE_EQ(total.real(), static_cast<double>(ranks()));
    EXPECT_DOUBLE_EQ(total.imag(), static_cast<double>(ranks() * (ranks() - 1) / 2));
}

TEST(Reduce, LogicalAndOr) {
    EXPECT_EQ(world().reduce(rank() != 0, std::logical_and<>{}), false); // rank 0 contributes false
    EXPECT_EQ(world().reduce(rank() == 0, std::logical_or<>{}), true);
    EXPECT_EQ(world().reduce(true, std::logical_and<>{}), true);
    EXPECT_EQ(world().reduce(rank() == ranks() - 1 ? 0 : 7, std::logical_and<>{}), 0);
}

TEST(Reduce, BitwiseOperations) {
    const unsigned bit = 1u << my_rank();
    const unsigned all_bits = (1u << world().size()) - 1;
    EXPECT_EQ(world().reduce(bit, std::bit_or<>{}), all_bits);
    EXPECT_EQ(world().reduce(bit, std::bit_xor<>{}), all_bits);
    EXPECT_EQ(world().reduce(all_bits | 0x100u, std::bit_and<>{}), all_bits | 0x100u);
    EXPECT_EQ(world().reduce(~bit, std::bit_and<>{}), ~all_bits);
}

TEST(Reduce, VectorsElementWise) {
    const std::vector<long> mine{rank(), 1, rank() * rank()};
    const std::vector<long> sums = world().reduce(mine, std::plus<>{});
    const long r = ranks();
    EXPECT_EQ(sums, (std::vector<long>{r * (r - 1) / 2, r, (r - 1) * r * (2 * r - 1) / 6}));
    const std::vector<double> maxima = world().reduce(std::vector<double>{-1.0 * rank(), 1.0 * rank()}, qzone::max_op{});
    EXPECT_EQ(maxima, (std::vector<double>{0.0, r - 1.0}));
}

TEST(Reduce, VectorsOfBoolThroughTheFold) {
    const std::vector<bool> mine{true, rank() == 0, rank() != 0};
    EXPECT_EQ(world().reduce(mine, std::logical_and<>{}), (std::vector<bool>{true, ranks() == 1, false}));
    EXPECT_EQ(world().reduce(mine, std::logical_or<>{}), (std::vector<bool>{true, true, ranks() > 1}));
}

TEST(Reduce, UserFunctorFoldsInRankOrder) {
    Matrix expected = {1, 0, 0, 1};
    for (long r = 0; r < ranks(); ++r) expected = multiply(expected, upper_of(r));
    EXPECT_EQ(world().reduce(upper_of(rank()), multiply), expected);
    Matrix shears = {1, 0, 0, 1};
    for (long r = 0; r < ranks(); ++r) shears = multiply(shears, matrix_of(r));
    EXPECT_EQ(world().reduce(matrix_of(rank()), [](const Matrix& a, const Matrix& b) { return multiply(a, b); }),
              shears);
}

TEST(Reduce, UserFunctorOnStringsConcatenates) {
    std::string expected;
    for (long r = 0; r < ranks(); ++r) expected += std::to_string(r) + ";";
    EXPECT_EQ(world().reduce(std::to_string(rank()) + ";", std::plus<>{}), expected);
}

TEST(Reduce, StatefulUserFunctorOnVectors) {
    int calls = 0;
    const auto counting_sum = [&calls](long a, long b) {
        ++calls;
        return a + b;
    };
    const std::vector<long> total = world().reduce(std::vector<long>{rank(), 2}, counting_sum);
    EXPECT_EQ(total, (std::vector<long>{ranks() * (ranks() - 1) / 2, 2 * ranks()}));
    EXPECT_EQ(calls, 2 * (ranks() - 1)); // one call per element per rank after the first
}

TEST(Reduce, SplitAllReduceMatchesOneCall) {
    std::vector<long> data(11);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = rank() * 100 + static_cast<long>(i);
    qzone::detail::allreduce_in_place(world().mpi_comm(), data.data(), data.size(), MPI_LONG, MPI_SUM, 4);
    for (std::size_t i = 0; i < data.size(); ++i)
        EXPECT_EQ(data[i], 100 * ranks() * (ranks() - 1) / 2 + ranks() * static_cast<long>(i)) << i;
}

TEST(Reduce, MismatchedVectorLengthsThrowOnEveryRank) {
    if (world().size() < 2) GTEST_SKIP() << "needs two ranks to differ";
    const std::vector<int> mine(my_rank() == 1 ? 3 : 2, 1);
    EXPECT_THROW(world().reduce(mine, std::plus<>{}), qzone::Error);
    EXPECT_THROW(world().reduce(mine, [](int a, int b) { return a * b; }), qzone::Error);
}
