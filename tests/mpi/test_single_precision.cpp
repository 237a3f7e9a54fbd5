// Single precision: results within the documented error bound of the dense
// reference, bit-identical across rank counts, sums taken in double, and
// checkpoints that resume in either precision.

#include <cmath>
#include <complex>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/apply_gate.hpp>
#include <runtime/checkpoint.hpp>
#include <runtime/fingerprint.hpp>
#include <runtime/measurement.hpp>
#include <runtime/run.hpp>
#include <runtime/state_views.hpp>

#include "random_circuit.hpp"
#include "test_world.hpp"

using namespace qzone;
using qzone::testing::as_circuit;
using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

/// The bound of docs/precision.md: after G gates applied as blocks of at
/// most w qubits, ||psi_single - psi||_2 <= G (4 (2^w + 2) + 1) 2^(w/2) u,
/// u = 2^-24 (to first order in u; the fused paths' three-product form, the
/// larger of the two forms' bounds).
double single_precision_bound(std::size_t gates, unsigned width) {
    const double d = double(1u << width), u = std::ldexp(1.0, -24);
    return double(gates) * (4 * (d + 2) + 1) * std::sqrt(d) * u;
}

/// A random circuit without Pauli rotations (each of those is several
/// passes when not fused, which the per-gate bound does not count).
std::vector<Gate> random_gates(unsigned n, std::size_t count, std::uint64_t seed) {
    std::vector<Gate> gates;
    for (const Gate& gate : qzone::testing::random_circuit(n, 2 * count, seed))
        if (gate.kind != GateKind::pauli_rotation && gates.size() < count) gates.push_back(gate);
    return gates;
}

RunResult run(const RuntimeView& runtime, const Circuit& circuit, Precision precision, PlanOptions plan = {}) {
    RunOptions options;
    options.shots = 256;
    options.seed = 11;
    options.amplitudes = true;
    options.plan = plan;
    options.state.precision = precision;
    return run_circuit(runtime, circuit, options);
}

double distance(const std::vector<std::complex<double>>& a, const std::vector<std::complex<double>>& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += std::norm(a[i] - b[i]);
    return std::sqrt(sum);
}

} // namespace

TEST(SinglePrecision, RunsMatchTheDenseReferenceWithinTheGateCountBound) {
    const unsigned n = 9;
    const std::size_t count = 60;
    for (std::uint64_t seed : {51u, 52u, 53u}) {
        const std::vector<Gate> gates = random_gates(n, count, seed);
        qzone::testing::DenseState reference(n);
        unsigned widest_gate = 0;
        for (const Gate& gate : gates) {
            reference.apply(gate);
            widest_gate = std::max(widest_gate, static_cast<unsigned>(gate.targets.size() + gate.controls.size()));
        }
        const Circuit circuit = as_circuit(n, gates);
        const RunResult in_double = run(world(), circuit, Precision::double_);
        for (const auto& [plan, width] : {std::pair{PlanOptions{false, 0}, widest_gate}, std::pair{PlanOptions{true, 2}, 2u},
                                          std::pair{PlanOptions{true, 0}, 6u}}) {
            const RunResult result = run(world(), circuit, Precision::single, plan);
            if (my_rank() != 0) continue;
            const double error = distance(*result.amplitudes, reference.amplitudes());
            const double bound = single_precision_bound(gates.size(), width) + 1e-12; // + the reference's own error
            EXPECT_LE(error, bound) << "seed " << seed << ", fusion " << plan.fusion << " width " << width;
            // Really single precision: far from the double-precision run.
            EXPECT_GT(distance(*result.amplitudes, *in_double.amplitudes), 1e-10);
            std::printf("seed %llu, fusion %d, width %u: error %.3g, bound %.3g\n",
                        static_cast<unsigned long long>(seed), plan.fusion, width, error, bound);
        }
    }
}

TEST(SinglePrecision, AmplitudesAndSamplesAreBitIdenticalOnOneRankAndOnAll) {
    const unsigned n = 10;
    const Circuit circuit = as_circuit(n, qzone::testing::random_circuit(n, 120, 61));
    const RuntimeView alone(MPI_COMM_SELF); // each rank alone: one chunk
    for (const PlanOptions& plan : {PlanOptions{true, 0}, PlanOptions{false, 0}}) {
        const RunResult everyone = run(world(), circuit, Precision::single, plan);
        const RunResult mine = run(alone, circuit, Precision::single, plan);
        EXPECT_EQ(everyone.fingerprint, mine.fingerprint);
        EXPECT_EQ(everyone.counts, mine.counts);
        if (my_rank() == 0) EXPECT_EQ(*everyone.amplitudes, *mine.amplitudes); // bit for bit
    }
}

TEST(SinglePrecision, SumsAreTakenInDouble) {
    // 2^18 unequal probabilities: a float sum would be off by ~1e-6 of the
    // total; the sum of the exact double squares of the stored floats is the reference.
    const unsigned n = 18;
    StateOptions options;
    options.precision = Precision::single;
    DistributedState state(world(), n, options);
    for (unsigned q = 0; q < n; ++q) apply_gate(state, gates::by_name("ry", {q}, {0.3 + 0.1 * q}));
    const auto amplitudes = state.amplitudes_on_root();
    double total = 0, ones = 0;
    if (amplitudes)
        for (std::size_t i = 0; i < amplitudes->size(); ++i) {
            total += std::norm((*amplitudes)[i]);
            if (i >> 5 & 1) ones += std::norm((*amplitudes)[i]);
        }
    total = world().at(0).ram().broadcast(total);
    ones = world().at(0).ram().broadcast(ones);
    EXPECT_NEAR(state.norm() * state.norm(), total, 1e-13);
    EXPECT_NEAR(probability(state, 5, 1), ones / total, 1e-13);
    EXPECT_NEAR(marginal_probabilities(state, {5})[1], ones, 1e-13);
    EXPECT_NEAR(expectation(state, parse_pauli_sum("Z5")), total - 2 * ones, 1e-12);
}

TEST(SinglePrecision, CheckpointsResumeInEitherPrecision) {
    const unsigned n = 9;
    StateOptions single;
    single.precision = Precision::single;
    DistributedState written_state(world(), n, single);
    for (const Gate& gate : qzone::testing::random_circuit(n, 40, 71)) apply_gate(written_state, gate);
    const std::string path = ::testing::TempDir() + "single-" + std::to_string(world().size()) + ".qzck";
    CheckpointMetadata written{0x51, 7, "rng", {}, {}, 0};
    write_checkpoint(written_state, path, written);
    EXPECT_EQ(written.precision, Precision::single);
    EXPECT_EQ(written.fingerprint, fingerprint(written_state));

    // Same precision, another layout: the same bits.
    DistributedState same(world(), PartitionLayout::balanced(n, world().size(), 2), single);
    EXPECT_EQ(read_checkpoint(same, path, 0x51).precision, Precision::single);
    EXPECT_EQ(fingerprint(same), written.fingerprint);

    // Into double: exact, and a fingerprint hashes values, not their type.
    DistributedState widened(world(), n);
    EXPECT_EQ(read_checkpoint(widened, path, 0x51).precision, Precision::single);
    EXPECT_EQ(fingerprint(widened), written.fingerprint);

    // A double checkpoint into single: each part rounded once, as setting the amplitudes would.
    DistributedState original(world(), n);
    for (const Gate& gate : qzone::testing::random_circuit(n, 40, 72)) apply_gate(original, gate);
    CheckpointMetadata in_double{0x52, 3, "rng", {}, {}, 0};
    write_checkpoint(original, path, in_double);
    EXPECT_EQ(in_double.precision, Precision::double_);
    DistributedState rounded(world(), n, single);
    read_checkpoint(rounded, path, 0x52);
    align_qubit_map(original, QubitMap(n));
    align_qubit_map(rounded, QubitMap(n));
    DistributedState expected(world(), n, single);
    expected.set_amplitudes_from_root(original.amplitudes_on_root().value_or(std::vector<std::complex<double>>{}));
    EXPECT_EQ(fingerprint(rounded), fingerprint(expected));
}

TEST(SinglePrecision, TheStateSaysWhichTypeItHolds) {
    StateOptions single;
    single.precision = Precision::single;
    DistributedState state(world(), 6, single);
    EXPECT_EQ(state.precision(), Precision::single);
    EXPECT_EQ(local_amplitudes<float>(state).extent(0), state.layout().amplitude_count_of(my_rank()));
    EXPECT_THROW(local_amplitudes<double>(state), InputError);
    DistributedState other(world(), 6);
    EXPECT_THROW(other.assign(state), InputError);
    EXPECT_THROW(other.inner_product(state), InputError);
    // The memory check names the precision.
    single.max_memory_bytes = 1024;
    try {
        DistributedState too_big(world(), 20, single);
        ADD_FAILURE() << "a 20-qubit state fitted in 1 KiB";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("in single precision"), std::string::npos) << e.what();
    }
}
