// agree(): a failure seen by some ranks makes every rank throw the same error.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/runtime_view.hpp>

#include "test_world.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

/// Calls agree and returns the message thrown (empty if it returned).
std::string agree_message(bool ok, const std::string& what, std::vector<std::size_t>* failed = nullptr) {
    try {
        world().agree(ok, what);
    } catch (const qzone::AgreementError& e) {
        if (failed) *failed = e.failed_ranks();
        return e.what();
    }
    return {};
}

} // namespace

TEST(Agree, ReturnsWhenEveryRankIsFine) {
    EXPECT_EQ(agree_message(true, "unused"), "");
}

TEST(Agree, OneFailingRankMakesEveryRankThrowTheSameError) {
    const std::size_t last = world().size() - 1;
    std::vector<std::size_t> failed;
    const std::string message =
        agree_message(my_rank() != last, "disk full on rank " + std::to_string(my_rank()), &failed);
    EXPECT_EQ(message, "rank " + std::to_string(last) + ": disk full on rank " + std::to_string(last));
    EXPECT_EQ(failed, std::vector<std::size_t>{last});
    // Identical on every rank: gather the messages and compare.
    for (const std::string& other : world().gather(message)) EXPECT_EQ(other, message);
}

TEST(Agree, RanksWithTheSameReasonAreGrouped) {
    const bool ok = my_rank() % 2 == 0 && world().size() > 1;
    std::vector<std::size_t> failed;
    const std::string message = agree_message(ok, "out of memory", &failed);
    std::vector<std::size_t> expected_failed;
    for (std::size_t r = 0; r < world().size(); ++r)
        if (!(r % 2 == 0 && world().size() > 1)) expected_failed.push_back(r);
    std::string expected = expected_failed.size() == 1 ? "rank " : "ranks ";
    for (std::size_t i = 0; i < expected_failed.size(); ++i)
        expected += (i ? "," : "") + std::to_string(expected_failed[i]);
    EXPECT_EQ(message, expected + ": out of memory");
    EXPECT_EQ(failed, expected_failed);
}

TEST(Agree, TheViewIsUsableAfterAFailedAgreement) {
    agree_message(my_rank() != 0, "transient");
    EXPECT_EQ(world().reduce(1, std::plus<>{}), static_cast<int>(world().size()));
}

TEST(FirstError, EveryRankGetsTheFirstErrorInRankOrder) {
    EXPECT_EQ(world().first_error(""), "");
    // Ranks from 1 on fail, each with its own message: everyone sees rank 1's.
    const std::string mine = my_rank() >= 1 ? "failure on rank " + std::to_string(my_rank()) : "";
    EXPECT_EQ(world().first_error(mine), world().size() > 1 ? "failure on rank 1" : "");
}
