// main() of the MPI test programs: one RuntimeView owns MPI and Kokkos for
// the whole run (MPI cannot be restarted between tests); rank 0 prints
// GoogleTest's report, the other ranks print only their failures; the exit
// code is non-zero on every rank if any rank failed.

#include <cstdio>

#include <gtest/gtest.h>

#include "test_world.hpp"

namespace qzone::testing {
namespace {

const RuntimeView* the_world = nullptr;

/// Prints failed assertions of a non-root rank, tagged with the rank.
class RankFailurePrinter : public ::testing::EmptyTestEventListener {
public:
    explicit RankFailurePrinter(std::size_t rank) : rank_(rank) {}

    void OnTestPartResult(const ::testing::TestPartResult& result) override {
        if (!result.failed()) return;
        std::fprintf(stderr, "[rank %zu] %s:%d: Failure\n%s\n", rank_, result.file_name() ? result.file_name() : "?",
                     result.line_number(), result.summary());
    }

private:
    std::size_t rank_;
};

} // namespace

const RuntimeView& world() { return *the_world; }
std::size_t my_rank() { return the_world->my_resource_set().mpi_rank(); }

} // namespace qzone::testing

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    int failed = 0;
    {
        const qzone::RuntimeView world(argc, argv);
        qzone::testing::the_world = &world;
        const std::size_t rank = qzone::testing::my_rank();
        if (rank != 0) {
            auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
            delete listeners.Release(listeners.default_result_printer());
            listeners.Append(new qzone::testing::RankFailurePrinter(rank));
        }
        failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
        failed = world.reduce(failed, qzone::max_op{});
        qzone::testing::the_world = nullptr;
    }
    return failed;
}
