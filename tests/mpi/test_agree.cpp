// agree(): a failure seen by some ranks makes every rank throw the same error.

#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/runtime_view.hpp>

#include "detail/agreement.hpp"
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
    // The private helper behind raise_together (and the checkpoint code).
    EXPECT_EQ(qzone::detail::first_error(world().mpi_comm(), ""), "");
    // Ranks from 1 on fail, each with its own message: everyone sees rank 1's.
    const std::string mine = my_rank() >= 1 ? "failure on rank " + std::to_string(my_rank()) : "";
    EXPECT_EQ(qzone::detail::first_error(world().mpi_comm(), mine), world().size() > 1 ? "failure on rank 1" : "");
}

TEST(RaiseTogether, OneRanksFailureIsEveryRanksWithItsKind) {
    const std::size_t last = world().size() - 1;
    std::exception_ptr failure;
    if (my_rank() == last) failure = std::make_exception_ptr(qzone::IoError("disk full on rank " + std::to_string(last)));
    try {
        world().raise_together(failure);
        FAIL() << "no rank threw";
    } catch (const qzone::IoError& e) {
        EXPECT_EQ(std::string(e.what()), "disk full on rank " + std::to_string(last));
    }
    EXPECT_NO_THROW(world().raise_together(nullptr));
}

TEST(RaiseTogether, TheLowestFailingRankSpeaksAndOnEveryRankAndOnRootAgree) {
    // Every rank fails differently: rank 0's failure is everybody's.
    const std::string what = my_rank() == 0 ? "plain failure on rank 0" : "rank " + std::to_string(my_rank());
    const std::exception_ptr failure = std::make_exception_ptr(std::runtime_error(what));
    try {
        world().raise_together(failure);
        FAIL() << "no rank threw";
    } catch (const qzone::InternalError& e) { // not a qzone error: internal
        EXPECT_EQ(std::string(e.what()), "plain failure on rank 0");
    }
    const std::size_t last = world().size() - 1;
    try {
        world().on_every_rank([&] {
            if (my_rank() == last) throw qzone::IoError("no room on rank " + std::to_string(last));
        });
        FAIL() << "on_every_rank returned";
    } catch (const qzone::IoError& e) {
        EXPECT_EQ(std::string(e.what()), "no room on rank " + std::to_string(last));
    }
    int ran = 0;
    try {
        world().on_root([&] {
            ++ran;
            throw qzone::InputError("refused on rank 0");
        });
        FAIL() << "on_root returned";
    } catch (const qzone::InputError& e) {
        EXPECT_EQ(std::string(e.what()), "refused on rank 0");
    }
    EXPECT_EQ(ran, my_rank() == 0 ? 1 : 0);
    try {
        world().agree(my_rank() != 0, "no memory", qzone::ErrorKind::resource);
        FAIL() << "agree returned";
    } catch (const qzone::AgreementError& e) {
        EXPECT_EQ(e.kind(), qzone::ErrorKind::resource);
    }
}
