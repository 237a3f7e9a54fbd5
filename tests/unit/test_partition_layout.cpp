// PartitionLayout: placement rules, automatic chunk counts and errors.

#include <numeric>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>
#include <runtime/partition_layout.hpp>

using qzone::PartitionLayout;

namespace {

/// Every chunk is owned by exactly one rank, in contiguous runs, in rank
/// order; every rank owns one while there are enough.
void expect_contiguous_cover(const PartitionLayout& layout) {
    PartitionLayout::index_type next = 0;
    for (std::size_t r = 0; r < layout.ranks(); ++r) {
        EXPECT_EQ(layout.first_chunk_of(r), next);
        EXPECT_EQ(layout.chunk_count_of(r) >= 1, r < layout.chunk_count()) << "rank " << r;
        for (auto c = next; c < next + layout.chunk_count_of(r); ++c) EXPECT_EQ(layout.rank_of_chunk(c), r);
        next += layout.chunk_count_of(r);
    }
    EXPECT_EQ(next, layout.chunk_count());
}

} // namespace

TEST(PartitionLayout, BalancedCountsDifferByAtMostOne) {
    for (std::size_t ranks = 1; ranks <= 9; ++ranks)
        for (unsigned global = 4; global <= 6; ++global) {
            const auto layout = PartitionLayout::balanced(20, ranks, global);
            expect_contiguous_cover(layout);
            std::size_t least = layout.chunk_count(), most = 0;
            for (std::size_t r = 0; r < ranks; ++r) {
                least = std::min<std::size_t>(least, layout.chunk_count_of(r));
                most = std::max<std::size_t>(most, layout.chunk_count_of(r));
            }
            EXPECT_LE(most - least, 1u) << ranks << " ranks, " << global << " global qubits";
        }
}

TEST(PartitionLayout, GeometryOfChunksAndQubits) {
    const auto layout = PartitionLayout::balanced(10, 3, 3);
    EXPECT_EQ(layout.chunk_count(), 8u);
    EXPECT_EQ(layout.chunk_size(), 128u);
    EXPECT_EQ(layout.local_qubits(), 7u);
    EXPECT_TRUE(layout.is_local(6));
    EXPECT_FALSE(layout.is_local(7));
    EXPECT_EQ(layout.chunk_of(3 * 128 + 5), 3u);
    EXPECT_EQ(layout.offset_in_chunk(3 * 128 + 5), 5u);
    // 8 chunks on 3 ranks: 2, 3, 3 (floor of cumulative shares).
    EXPECT_EQ(layout.first_amplitude_of(1), layout.first_chunk_of(1) * 128);
    EXPECT_EQ(layout.amplitude_count_of(0) + layout.amplitude_count_of(1) + layout.amplitude_count_of(2), 1024u);
}

TEST(PartitionLayout, AutomaticChunkCountBalancesAnyRankCount) {
    // Power of two: one chunk per rank. Three ranks: 4 chunks would load one
    // rank 1.5x, 8 chunks load at most 3/(8/3) = 1.125x.
    EXPECT_EQ(PartitionLayout::balanced(20, 4).chunk_count(), 4u);
    EXPECT_EQ(PartitionLayout::balanced(20, 3).chunk_count(), 8u);
    EXPECT_EQ(PartitionLayout::balanced(20, 1).chunk_count(), 1u);
    for (std::size_t ranks = 1; ranks <= 12; ++ranks) {
        const auto layout = PartitionLayout::balanced(24, ranks);
        std::size_t most = 0;
        for (std::size_t r = 0; r < ranks; ++r) most = std::max<std::size_t>(most, layout.chunk_count_of(r));
        EXPECT_LE(static_cast<double>(most) * ranks / layout.chunk_count(), 1.25) << ranks << " ranks";
    }
    // 8 qubits on 3 ranks: 8 chunks would balance better, but 6 local qubits
    // are kept (4 chunks) so that the widest gate fits inside a chunk.
    EXPECT_EQ(PartitionLayout::balanced(8, 3).local_qubits(), 6u);
}

TEST(PartitionLayout, SmallStatesLeaveRanksWithoutChunks) {
    // 7 qubits on 3 ranks: 6 stay local, so 2 chunks; rank 2 holds none.
    const auto seven = PartitionLayout::balanced(7, 3);
    expect_contiguous_cover(seven);
    EXPECT_EQ(seven.local_qubits(), 6u);
    EXPECT_EQ(seven.chunk_count_of(2), 0u);
    EXPECT_EQ(seven.amplitude_count_of(0) + seven.amplitude_count_of(1), 128u);
    // Fewer amplitudes than ranks, or any state of at most 6 qubits: one
    // chunk, all on rank 0, every qubit inside it.
    for (unsigned qubits = 1; qubits <= 6; ++qubits)
        for (std::size_t ranks = 1; ranks <= 9; ++ranks) {
            const auto layout = PartitionLayout::balanced(qubits, ranks);
            expect_contiguous_cover(layout);
            EXPECT_EQ(layout.chunk_count(), 1u);
            EXPECT_EQ(layout.amplitude_count_of(0), layout.amplitude_count());
            EXPECT_EQ(layout.rank_of_chunk(0), 0u);
        }
    // An explicit chunk count below the rank count: one chunk each for the
    // first ranks, also under weights.
    const auto explicit_four = PartitionLayout::balanced(10, 5, 2);
    expect_contiguous_cover(explicit_four);
    EXPECT_EQ(explicit_four.rank_of_chunk(3), 3u);
    const auto weighted = PartitionLayout::weighted(10, {1.0, 5.0, 1.0}, 1);
    expect_contiguous_cover(weighted);
    EXPECT_EQ(weighted.chunk_count_of(1), 1u);
}

TEST(PartitionLayout, WeightedPlacementFollowsTheWeights) {
    const auto layout = PartitionLayout::weighted(16, {1.0, 3.0}, 4);
    expect_contiguous_cover(layout);
    EXPECT_EQ(layout.chunk_count_of(0), 4u);
    EXPECT_EQ(layout.chunk_count_of(1), 12u);
    // A tiny weight still gets one chunk.
    const auto tiny = PartitionLayout::weighted(16, {1e-9, 1.0, 1.0}, 2);
    expect_contiguous_cover(tiny);
    EXPECT_EQ(tiny.chunk_count_of(0), 1u);
}

TEST(PartitionLayout, InvalidLayoutsAreRejectedWithReasons) {
    const auto message_of = [](auto&& make) -> std::string {
        try {
            make();
        } catch (const qzone::InputError& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(message_of([] { PartitionLayout::balanced(0, 1); }),
              "PartitionLayout: a state needs at least one qubit");
    EXPECT_EQ(message_of([] { PartitionLayout::balanced(63, 1); }),
              "PartitionLayout: 63 qubits is more than the 62 that 64-bit indices allow");
    EXPECT_EQ(message_of([] { PartitionLayout::balanced(4, 1, 5); }),
              "PartitionLayout: 5 global qubits (2^5 chunks) is more than the 4 qubits of the state");
    EXPECT_NE(message_of([] { PartitionLayout::weighted(10, {1.0, -1.0}); }).find("weight of rank 1"),
              std::string::npos);
    EXPECT_THROW(PartitionLayout::balanced(10, 2).rank_of_chunk(2), qzone::InputError);
}
