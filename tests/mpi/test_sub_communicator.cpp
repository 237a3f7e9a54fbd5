// A RuntimeView on a split of MPI_COMM_WORLD sees only its group and leaves
// MPI to the program.

#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/runtime_view.hpp>

#include "test_world.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;

TEST(SubCommunicator, ViewOfEvenOrOddRanks) {
    MPI_Comm half = MPI_COMM_NULL;
    const int color = static_cast<int>(my_rank() % 2);
    ASSERT_EQ(MPI_Comm_split(MPI_COMM_WORLD, color, static_cast<int>(my_rank()), &half), MPI_SUCCESS);
    std::vector<int> expected_members;
    for (std::size_t r = my_rank() % 2; r < world().size(); r += 2) expected_members.push_back(static_cast<int>(r));
    {
        const qzone::RuntimeView view(half);
        EXPECT_FALSE(view.did_i_start_mpi());
        EXPECT_EQ(view.size(), expected_members.size());
        EXPECT_EQ(view.gather(static_cast<int>(my_rank())), expected_members);
        EXPECT_EQ(view.my_resource_set().mpi_rank(), my_rank() / 2);
        EXPECT_EQ(view.reduce(1, std::plus<>{}), static_cast<int>(expected_members.size()));
    }
    // The view is gone; MPI and the caller's communicator still work.
    int finalized = 1;
    MPI_Finalized(&finalized);
    EXPECT_EQ(finalized, 0);
    int sum = 0, one = 1;
    EXPECT_EQ(MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, half), MPI_SUCCESS);
    EXPECT_EQ(sum, static_cast<int>(expected_members.size()));
    MPI_Comm_free(&half);
}

TEST(SubCommunicator, CallbacksOfAnInnerViewRunWhenItsLastCopyDies) {
    std::vector<int> order;
    {
        qzone::RuntimeView view(MPI_COMM_WORLD);
        view.stack_callback([&order] { order.push_back(1); });
        {
            const qzone::RuntimeView copy = view;
            copy.logger().debug("copy alive");
        }
        EXPECT_TRUE(order.empty()); // a copy dying is not the last copy
        view.stack_callback([&order] { order.push_back(2); });
    }
    EXPECT_EQ(order, (std::vector<int>{2, 1}));
}
