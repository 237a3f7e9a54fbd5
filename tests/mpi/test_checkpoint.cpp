// Fingerprints and checkpoints: independent of the layout, round trips
// between layouts, and every kind of damage detected on every rank.

#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/apply_gate.hpp>
#include <runtime/checkpoint.hpp>
#include <runtime/fingerprint.hpp>

#include "random_circuit.hpp"
#include "test_world.hpp"

using namespace qzone;
using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

constexpr unsigned n = 8;

DistributedState prepared(const PartitionLayout& layout, std::size_t gates = 40) {
    DistributedState state(world(), layout);
    for (const Gate& gate : qzone::testing::random_circuit(n, gates, 77)) apply_gate(state, gate);
    return state;
}

/// A directory for this test program's files, the same on every rank.
std::string scratch(const std::string& name) {
    const std::string dir = ::testing::TempDir() + "qzone-checkpoint-" + std::to_string(world().size()) + "/" + name;
    if (my_rank() == 0) {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    world().barrier();
    return dir;
}

/// Rank 0 edits the file (then everyone waits).
void edit(const std::string& path, const std::function<void(std::fstream&)>& change) {
    if (my_rank() == 0) {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        change(file);
    }
    world().barrier();
}

std::string read_error(const std::string& path, std::uint64_t hash) {
    DistributedState state(world(), n);
    try {
        read_checkpoint(state, path, hash);
    } catch (const CheckpointError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(Fingerprint, WordHashComposesOverConcatenation) {
    const std::vector<std::uint64_t> words{1, 2, 3, 0, 0xffffffffffffffff, 42, 7};
    const auto whole = detail::WordHash::of(words.data(), words.size());
    const auto split = detail::WordHash::of(words.data(), 3).then(detail::WordHash::of(words.data() + 3, 4));
    EXPECT_EQ(whole.value, split.value);
    EXPECT_EQ(whole.words, 7u);
    // Order and zero words matter.
    const std::vector<std::uint64_t> swapped{2, 1, 3, 0, 0xffffffffffffffff, 42, 7};
    EXPECT_NE(detail::WordHash::of(swapped.data(), 7).value, whole.value);
    EXPECT_NE(detail::WordHash::of(words.data(), 4).value, detail::WordHash::of(words.data(), 3).value);
}

TEST(Fingerprint, SameStateSameFingerprintUnderEveryLayout) {
    const std::uint64_t reference = fingerprint(prepared(PartitionLayout::balanced(n, world().size())));
    EXPECT_EQ(fingerprint(prepared(PartitionLayout::balanced(n, world().size(), 3))), reference);
    EXPECT_NE(fingerprint(prepared(PartitionLayout::balanced(n, world().size()), 39)), reference);
    for (std::uint64_t f : world().gather(reference)) EXPECT_EQ(f, reference);
}

TEST(Checkpoint, RoundTripIntoAnotherLayout) {
    const std::string dir = scratch("round-trip");
    const DistributedState original = prepared(PartitionLayout::balanced(n, world().size()));
    CheckpointMetadata written{0x1234, 17, "rng state text", {1, 0, 1}, {0, 1, 2, 3, 4, 5, 6, 7}, 0, 42, 1000};
    const std::string path = checkpoint_path(dir, 0x1234, 17);
    write_checkpoint(original, path, written);
    EXPECT_EQ(written.fingerprint, fingerprint(original));
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    EXPECT_EQ(std::filesystem::file_size(path), 4096u + (1u << n) * 16);

    DistributedState restored(world(), PartitionLayout::balanced(n, world().size(), 3));
    const CheckpointMetadata read = read_checkpoint(restored, path, 0x1234);
    EXPECT_EQ(read.step, 17u);
    EXPECT_EQ(read.rng_state, "rng state text");
    EXPECT_EQ(read.clbits, (std::vector<std::uint8_t>{1, 0, 1}));
    EXPECT_EQ(read.qubit_map.size(), 8u);
    EXPECT_EQ(read.seed, 42u);
    EXPECT_EQ(read.shots, 1000u);
    EXPECT_EQ(fingerprint(restored), written.fingerprint);
    const auto a = original.amplitudes_on_root(), b = restored.amplitudes_on_root();
    if (a) EXPECT_EQ(*a, *b);
}

TEST(Checkpoint, DamageIsDetectedAndNamed) {
    const std::string dir = scratch("damage");
    const DistributedState state = prepared(PartitionLayout::balanced(n, world().size()));
    CheckpointMetadata metadata{99, 5, "", {}, {}, 0};
    const auto fresh = [&](std::uint64_t step) {
        const std::string path = checkpoint_path(dir, 99, step);
        write_checkpoint(state, path, metadata);
        return path;
    };
    EXPECT_EQ(read_error(fresh(1), 99), "");

    const std::string flipped = fresh(2);
    edit(flipped, [](std::fstream& f) {
        f.seekp(4096 + 16 * 200 + 3);
        f.put('\x5a');
    });
    EXPECT_NE(read_error(flipped, 99).find("corrupted: amplitudes 0 to 255 do not match their checksum"),
              std::string::npos);

    const std::string truncated = fresh(3);
    if (my_rank() == 0) std::filesystem::resize_file(truncated, 4096 + 1000);
    world().barrier();
    EXPECT_NE(read_error(truncated, 99).find("truncated"), std::string::npos);

    EXPECT_NE(read_error(fresh(4), 12345).find("written for another circuit"), std::string::npos);

    const std::string versioned = fresh(5);
    edit(versioned, [](std::fstream& f) {
        f.seekp(8);
        const std::uint32_t version = 99;
        f.write(reinterpret_cast<const char*>(&version), sizeof(version));
    });
    EXPECT_NE(read_error(versioned, 99).find("format version 99"), std::string::npos);

    const std::string header = fresh(6);
    edit(header, [](std::fstream& f) {
        f.seekp(40); // inside the step field
        f.put('\x7f');
    });
    EXPECT_NE(read_error(header, 99).find("corrupted header"), std::string::npos);

    EXPECT_NE(read_error(dir + "/missing.qzck", 99).find("cannot open"), std::string::npos);
    // Newest first, by step; another circuit's checkpoints in the folder are not listed.
    CheckpointMetadata other{98, 9, "", {}, {}, 0};
    write_checkpoint(state, checkpoint_path(dir, 98, 9), other);
    const auto listed = list_checkpoints(dir, 99);
    ASSERT_EQ(listed.size(), 6u);
    EXPECT_EQ(listed.front(), checkpoint_path(dir, 99, 6));
    EXPECT_EQ(listed.back(), checkpoint_path(dir, 99, 1));
    EXPECT_EQ(list_checkpoints(dir, 98), std::vector<std::string>{checkpoint_path(dir, 98, 9)});
}
