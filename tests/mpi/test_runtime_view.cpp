// RuntimeView's ranks, resource sets and communicator, checked against what
// MPI and the operating system say independently.

#include <fstream>
#include <set>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>
#include <runtime/runtime_view.hpp>

#include "test_world.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

int world_size() {
    int size = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

/// MemTotal in bytes, read here independently of qzone.
std::size_t meminfo_total_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key, unit;
    std::size_t kib = 0;
    while (meminfo >> key >> kib >> unit)
        if (key == "MemTotal:") return kib * 1024;
    return 0;
}

std::string this_hostname() {
    char name[256] = {};
    gethostname(name, sizeof(name) - 1);
    return name;
}

} // namespace

TEST(RuntimeView, SizeAndRankMatchMpi) {
    int rank = -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    EXPECT_EQ(world().size(), static_cast<std::size_t>(world_size()));
    EXPECT_EQ(my_rank(), static_cast<std::size_t>(rank));
    EXPECT_TRUE(world().has_me());
    EXPECT_TRUE(world().my_resource_set().is_mine());
    for (std::size_t r = 0; r < world().size(); ++r) {
        EXPECT_EQ(world().at(r).mpi_rank(), r);
        EXPECT_EQ(world().at(r).is_mine(), r == my_rank());
    }
}

TEST(RuntimeView, AtPastTheEndThrowsOutOfRange) {
    EXPECT_THROW(world().at(world().size()), qzone::InputError);
    EXPECT_THROW(world().at(static_cast<std::size_t>(-1)), qzone::InputError);
}

TEST(RuntimeView, WorksOnItsOwnCongruentDuplicate) {
    int comparison = MPI_UNEQUAL;
    MPI_Comm_compare(world().mpi_comm(), MPI_COMM_WORLD, &comparison);
    EXPECT_EQ(comparison, MPI_CONGRUENT);
}

TEST(RuntimeView, MainViewStartedMpiAndKokkosAndLaterViewsDoNot) {
    EXPECT_TRUE(world().did_i_start_mpi());
    EXPECT_TRUE(world().did_i_start_kokkos());
    const qzone::RuntimeView second;
    EXPECT_FALSE(second.did_i_start_mpi());
    EXPECT_FALSE(second.did_i_start_kokkos());
    EXPECT_NE(second, world());
}

TEST(RuntimeView, CopiesShareState) {
    const qzone::RuntimeView copy = world();
    EXPECT_EQ(copy, world());
    EXPECT_EQ(copy.mpi_comm(), world().mpi_comm());
    EXPECT_EQ(&copy.logger(), &world().logger());
}

TEST(ResourceSet, HostnameAndNodeMatchTheMachine) {
    const auto& mine = world().my_resource_set();
    EXPECT_EQ(mine.hostname(), this_hostname());
    // Node numbering must agree with the distinct host names.
    std::set<std::string> hosts;
    for (std::size_t r = 0; r < world().size(); ++r) hosts.insert(world().at(r).hostname());
    EXPECT_EQ(world().node_count(), hosts.size());
    for (std::size_t r = 0; r < world().size(); ++r) {
        EXPECT_EQ(world().at(r).node_index() == mine.node_index(), world().at(r).hostname() == mine.hostname());
        EXPECT_LT(world().at(r).node_index(), world().node_count());
    }
    // Node-local rank: how many lower ranks share my node.
    std::size_t lower_on_my_node = 0;
    for (std::size_t r = 0; r < my_rank(); ++r) lower_on_my_node += world().at(r).hostname() == mine.hostname();
    EXPECT_EQ(mine.node_local_rank(), lower_on_my_node);
}

TEST(RAM, TotalMatchesProcMeminfo) {
    const std::size_t expected = meminfo_total_bytes();
    ASSERT_GT(expected, 0u);
    EXPECT_EQ(world().my_resource_set().ram().total_space(), expected);
    const auto available = world().my_resource_set().ram().available_space();
    EXPECT_GT(available, 0u);
    EXPECT_LE(available, expected);
    EXPECT_EQ(world().my_resource_set().ram().rank(), my_rank());
}

TEST(RAM, OtherRanksOnThisNodeReportTheSameTotal) {
    const auto& mine = world().my_resource_set();
    for (std::size_t r = 0; r < world().size(); ++r) {
        const auto& other = world().at(r);
        if (other.node_index() != mine.node_index()) continue;
        EXPECT_EQ(other.ram().total_space(), mine.ram().total_space());
        EXPECT_GT(other.ram().available_space(), 0u);
        EXPECT_EQ(other.ram().is_mine(), r == my_rank());
    }
}

#ifndef QZONE_TEST_CUDA_ENABLED
TEST(ResourceSet, NoGpusWithoutCudaSupport) {
    for (std::size_t r = 0; r < world().size(); ++r) EXPECT_TRUE(world().at(r).gpus().empty());
}
#endif

TEST(ResourceSet, CopiesAreEqualAndIndependent) {
    qzone::ResourceSet copy = world().my_resource_set();
    EXPECT_EQ(copy, world().my_resource_set());
    if (world().size() > 1) {
        const std::size_t other = (my_rank() + 1) % world().size();
        copy = world().at(other);
        EXPECT_EQ(copy.mpi_rank(), other);
        EXPECT_NE(copy, world().my_resource_set());
    }
}

TEST(RuntimeView, BarrierReturnsOnEveryRank) {
    EXPECT_NO_THROW(world().barrier());
}

TEST(RuntimeView, NullCommunicatorGivesAViewWithoutMe) {
    const qzone::RuntimeView outside(MPI_COMM_NULL);
    EXPECT_FALSE(outside.has_me());
    EXPECT_EQ(outside.size(), 0u);
    EXPECT_EQ(outside.mpi_comm(), MPI_COMM_NULL);
    EXPECT_THROW(outside.my_resource_set(), qzone::Error);
    EXPECT_THROW(outside.gather(1), qzone::Error);
    EXPECT_THROW(outside.barrier(), qzone::Error);
}
