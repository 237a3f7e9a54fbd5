// Planned execution (fusion, lazy qubit map, exchange stages) against the
// dense reference, against gate-by-gate runs, and across rank counts.

#include <complex>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/apply_gate.hpp>
#include <runtime/checkpoint.hpp>
#include <runtime/fingerprint.hpp>
#include <runtime/measurement.hpp>
#include <runtime/run.hpp>

#include "random_circuit.hpp"
#include "test_world.hpp"

using namespace qzone;
using qzone::testing::as_circuit;
using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

constexpr double tolerance = 1e-12;

RunResult run(const RuntimeView& runtime, const Circuit& circuit, PlanOptions plan) {
    RunOptions options;
    options.shots = 64;
    options.seed = 5;
    options.amplitudes = true;
    options.plan = plan;
    return run_circuit(runtime, circuit, options);
}

PlanOptions fused(unsigned width) { return PlanOptions{true, width}; }

} // namespace

TEST(Planning, PlannedAndGateByGateRunsMatchTheDenseReference) {
    const unsigned n = 9;
    for (std::uint64_t seed : {21u, 22u, 23u}) {
        const auto gates = qzone::testing::random_circuit(n, 80, seed);
        qzone::testing::DenseState reference(n);
        for (const Gate& gate : gates) reference.apply(gate);
        const Circuit circuit = as_circuit(n, gates);
        for (const PlanOptions& plan : {PlanOptions{false, 0}, fused(0), fused(2), fused(4), fused(6)}) {
            const RunResult result = run(world(), circuit, plan);
            if (my_rank() != 0) continue;
            ASSERT_TRUE(result.amplitudes.has_value());
            for (std::size_t i = 0; i < reference.amplitudes().size(); ++i)
                ASSERT_LT(std::abs((*result.amplitudes)[i] - reference.amplitudes()[i]), tolerance)
                    << "seed " << seed << ", fusion " << plan.fusion << " width " << plan.fusion_max_qubits
                    << ", amplitude " << i;
        }
    }
}

TEST(Planning, FusedAmplitudesAndSamplesAreBitIdenticalOnOneRankAndOnAll) {
    const unsigned n = 10;
    const Circuit circuit = as_circuit(n, qzone::testing::random_circuit(n, 120, 31));
    const RunResult everyone = run(world(), circuit, fused(0));
    // Each rank alone: one chunk, every qubit inside it.
    const RuntimeView alone(MPI_COMM_SELF);
    const RunResult mine = run(alone, circuit, fused(0));
    EXPECT_EQ(everyone.fingerprint, mine.fingerprint);
    EXPECT_EQ(everyone.counts, mine.counts);
    if (my_rank() == 0) EXPECT_EQ(*everyone.amplitudes, *mine.amplitudes); // bit for bit
    if (world().size() > 1) EXPECT_GT(everyone.plan.exchange_stages, 0u);
}

TEST(Planning, SwapsAreRelabelsAndQftMovesLessThanOneState) {
    // QFT on every qubit, then the swaps that reverse them: each qubit that
    // starts between chunks comes in once, and the swaps move nothing.
    const unsigned n = 10;
    std::vector<Gate> gates;
    for (unsigned j = n; j-- > 0;) {
        gates.push_back(gates::h(j));
        for (unsigned k = j; k-- > 0;) gates.push_back(gates::cphase(k, j, M_PI / double(1u << (j - k))));
    }
    for (unsigned j = 0; j < n / 2; ++j) gates.push_back(gates::swap(j, n - 1 - j));
    RunOptions options;
    options.shots = 0;
    options.metrics = true;
    options.state.share_node_memory = false;
    const RunResult result = run_circuit(world(), as_circuit(n, gates), options);
    const std::uint64_t state_bytes = (std::uint64_t{1} << n) * 16;
    EXPECT_LE(result.metrics->total.bytes_exchanged, state_bytes);
    EXPECT_LE(result.plan.exchange_stages, 1u);
    EXPECT_EQ(result.plan.unfused_gates, n / 2); // the swaps, as relabels
}

TEST(Planning, ReadersTranslateThroughAMovedQubitMap) {
    const unsigned n = 8;
    const auto gates = qzone::testing::random_circuit(n, 50, 41);
    DistributedState moved(world(), n);
    for (const Gate& gate : gates) apply_gate(moved, gate);
    apply_gate(moved, gates::swap(0, n - 1)); // a relabel at least
    ASSERT_FALSE(moved.qubit_map().is_identity());
    DistributedState aligned(world(), n);
    aligned.assign(moved);
    align_qubit_map(aligned, QubitMap(n));
    ASSERT_TRUE(aligned.qubit_map().is_identity());

    EXPECT_EQ(fingerprint(moved), fingerprint(aligned));
    Rng a(7), b(7);
    EXPECT_EQ(sample(moved, 200, a), sample(aligned, 200, b));
    const auto marginal = marginal_probabilities(moved, {1, 6, 3}), expected = marginal_probabilities(aligned, {1, 6, 3});
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(marginal[i], expected[i], 1e-14); // summed in another order
    EXPECT_NEAR(expectation(moved, parse_pauli_sum("X0 Z7 Y3")), expectation(aligned, parse_pauli_sum("X0 Z7 Y3")),
                1e-14);
    EXPECT_EQ(moved.amplitude(77), aligned.amplitude(77));
    const auto left = moved.amplitudes_on_root(), right = aligned.amplitudes_on_root();
    if (left) EXPECT_EQ(*left, *right);
}

TEST(Planning, CheckpointKeepsTheQubitMapAndResumesOnAnotherLayout) {
    const unsigned n = 8;
    DistributedState moved(world(), n);
    for (const Gate& gate : qzone::testing::random_circuit(n, 50, 43)) apply_gate(moved, gate);
    apply_gate(moved, gates::swap(2, 5));
    const std::string path = ::testing::TempDir() + "planning-map-" + std::to_string(world().size()) + ".qzck";
    CheckpointMetadata written{0x99, 3, "rng", {}, {}, 0};
    write_checkpoint(moved, path, written);
    EXPECT_EQ(written.qubit_map, moved.qubit_map().positions());

    DistributedState restored(world(), PartitionLayout::balanced(n, world().size(), 3));
    read_checkpoint(restored, path, 0x99);
    EXPECT_EQ(restored.qubit_map(), moved.qubit_map());
    EXPECT_EQ(fingerprint(restored), written.fingerprint);
    const auto a = moved.amplitudes_on_root(), b = restored.amplitudes_on_root();
    if (a) EXPECT_EQ(*a, *b);
}
