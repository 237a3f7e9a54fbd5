// View-level all-gather and the rooted gather/broadcast of RAM, for raw,
// contiguous and cereal-serialized types, with and without message splitting.
// Expected values are computed from the rank numbers alone.

#include <complex>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/runtime_view.hpp>

#include "test_world.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

/// A type that only cereal can move: variable-size members, a map.
struct Measurement {
    std::string label;
    std::vector<double> samples;
    std::map<std::string, int> tags;

    template<typename Archive>
    void serialize(Archive& archive) {
        archive(label, samples, tags);
    }
    bool operator==(const Measurement& other) const {
        return label == other.label && samples == other.samples && tags == other.tags;
    }
};

Measurement measurement_of(std::size_t rank) {
    Measurement m;
    m.label = "rank-" + std::string(rank, '#');
    for (std::size_t i = 0; i <= rank; ++i) m.samples.push_back(0.5 * static_cast<double>(rank + i));
    for (std::size_t i = 0; i < rank % 3; ++i) m.tags["tag" + std::to_string(i)] = static_cast<int>(rank * 10 + i);
    return m;
}

std::string text_of(std::size_t rank) { return std::string(rank * 3, static_cast<char>('a' + rank % 26)); }

std::vector<int> numbers_of(std::size_t rank) {
    std::vector<int> values(rank + 1);
    std::iota(values.begin(), values.end(), static_cast<int>(100 * rank));
    return values;
}

} // namespace

TEST(Gather, IntsComeBackInRankOrder) {
    const auto values = world().gather(static_cast<int>(my_rank()) * 7 + 1);
    ASSERT_EQ(values.size(), world().size());
    for (std::size_t r = 0; r < values.size(); ++r) EXPECT_EQ(values[r], static_cast<int>(r) * 7 + 1);
}

TEST(Gather, ComplexAndDoubles) {
    const auto values = world().gather(std::complex<double>(my_rank(), -0.25 * my_rank()));
    ASSERT_EQ(values.size(), world().size());
    for (std::size_t r = 0; r < values.size(); ++r)
        EXPECT_EQ(values[r], std::complex<double>(r, -0.25 * r));
}

TEST(Gather, StringsOfDifferentLengthsIncludingEmpty) {
    const auto values = world().gather(text_of(my_rank()));
    ASSERT_EQ(values.size(), world().size());
    for (std::size_t r = 0; r < values.size(); ++r) EXPECT_EQ(values[r], text_of(r));
}

TEST(Gather, VectorsOfDifferentLengths) {
    const auto values = world().gather(numbers_of(my_rank()));
    ASSERT_EQ(values.size(), world().size());
    for (std::size_t r = 0; r < values.size(); ++r) EXPECT_EQ(values[r], numbers_of(r));
}

TEST(Gather, VectorOfStringsThroughCereal) {
    const std::vector<std::string> mine{text_of(my_rank()), "x", text_of(my_rank() + 1)};
    const auto values = world().gather(mine);
    ASSERT_EQ(values.size(), world().size());
    for (std::size_t r = 0; r < values.size(); ++r)
        EXPECT_EQ(values[r], (std::vector<std::string>{text_of(r), "x", text_of(r + 1)}));
}

TEST(Gather, CerealStructWithVariableSizes) {
    const auto values = world().gather(measurement_of(my_rank()));
    ASSERT_EQ(values.size(), world().size());
    for (std::size_t r = 0; r < values.size(); ++r) EXPECT_EQ(values[r], measurement_of(r));
}

TEST(Gather, SplitsMessagesLargerThanTheCountLimit) {
    // With a limit of 3 bytes a call, every block of more than 3 bytes (and
    // every offset past 3) forces the split path that > INT_MAX messages take.
    const std::string mine = text_of(my_rank() + 1) + "|";
    const auto sizes = qzone::detail::allgather_sizes(world().mpi_comm(), mine.size());
    std::string all(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}), '\0');
    qzone::detail::allgatherv_bytes(world().mpi_comm(), mine.data(), sizes, all.data(), 3);
    std::string expected;
    for (std::size_t r = 0; r < world().size(); ++r) expected += text_of(r + 1) + "|";
    EXPECT_EQ(all, expected);
}

TEST(RootedGather, ValuesOnRootOnlyForEveryRoot) {
    for (std::size_t root = 0; root < world().size(); ++root) {
        const std::optional<std::vector<Measurement>> values =
            world().at(root).ram().gather(measurement_of(my_rank()));
        ASSERT_EQ(values.has_value(), my_rank() == root) << "root " << root;
        if (!values) continue;
        ASSERT_EQ(values->size(), world().size());
        for (std::size_t r = 0; r < values->size(); ++r) EXPECT_EQ((*values)[r], measurement_of(r));
    }
}

TEST(RootedGather, RawValuesToTheLastRank) {
    const std::size_t root = world().size() - 1;
    const auto values = world().at(root).ram().gather(static_cast<double>(my_rank()) / 4);
    ASSERT_EQ(values.has_value(), my_rank() == root);
    if (values)
        for (std::size_t r = 0; r < values->size(); ++r) EXPECT_EQ((*values)[r], static_cast<double>(r) / 4);
}

TEST(RootedGather, SplitPathMatchesOneCallPath) {
    const std::string mine = text_of(my_rank() + 2);
    std::string all;
    qzone::detail::gatherv_bytes(
        world().mpi_comm(), 0, mine.data(), mine.size(),
        [&all](std::uint64_t total) {
            all.resize(total);
            return static_cast<void*>(all.data());
        },
        2);
    if (my_rank() != 0) return;
    std::string expected;
    for (std::size_t r = 0; r < world().size(); ++r) expected += text_of(r + 2);
    EXPECT_EQ(all, expected);
}

TEST(Broadcast, EveryRootsValueReachesEveryRank) {
    for (std::size_t root = 0; root < world().size(); ++root) {
        EXPECT_EQ(world().at(root).ram().broadcast(static_cast<long>(my_rank() * 1000 + 5)),
                  static_cast<long>(root * 1000 + 5));
        EXPECT_EQ(world().at(root).ram().broadcast(text_of(my_rank() + 1)), text_of(root + 1));
        EXPECT_EQ(world().at(root).ram().broadcast(measurement_of(my_rank())), measurement_of(root));
    }
}

TEST(Broadcast, SplitPathDeliversAllBytes) {
    std::string data = my_rank() == 0 ? std::string("0123456789abcdef") : std::string(16, '?');
    qzone::detail::broadcast_bytes(world().mpi_comm(), 0, data.data(), data.size(), 5);
    EXPECT_EQ(data, "0123456789abcdef");
}
