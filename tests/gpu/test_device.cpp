// The checks a GPU build must pass on a device (tests/gpu/run.sh), which the
// host suite runs as well (CTest device_checks): wherever the amplitudes
// live, circuits match the dense reference within the precision's bound;
// results, fingerprints and checkpoints do not depend on the rank count;
// states larger than a host piece (host_pieces.hpp: 2^22 amplitudes per rank)
// cross piece boundaries on their way to files and to rank 0 and back. On a
// device, the state lives on the rank's GPU and the transport is the one
// QZONE_TRANSPORT and the ranks allow.

#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/apply_gate.hpp>
#include <runtime/checkpoint.hpp>
#include <runtime/fingerprint.hpp>
#include <runtime/measurement.hpp>
#include <runtime/rng.hpp>
#include <runtime/run.hpp>
#include <runtime/state_views.hpp>

#include "dense_reference.hpp"
#include "random_circuit.hpp"
#include "test_world.hpp"

using namespace qzone;
using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

constexpr bool device_memory =
    !Kokkos::SpaceAccessibility<Kokkos::HostSpace, AmplitudeView<double>::memory_space>::accessible;

/// The most an amplitude may differ from the dense reference's after a
/// few hundred gates in `precision`.
double bound(Precision precision) { return precision == Precision::double_ ? 1e-10 : 2e-5; }

/// Terminal measurements of every qubit into a register c of as many bits.
void measure_every_qubit(Circuit& circuit) {
    circuit.clbits = circuit.qubits;
    circuit.classical_registers.push_back({"c", 0, circuit.qubits});
    for (unsigned q = 0; q < circuit.qubits; ++q) {
        Operation measure;
        measure.kind = Operation::Kind::measure;
        measure.qubits = {q};
        measure.clbit = q;
        circuit.operations.push_back(measure);
    }
}

} // namespace

TEST(Device, AmplitudesLiveWhereTheBuildSays) {
    const auto gpu = world().my_resource_set().state_gpu();
    EXPECT_EQ(gpu.has_value(), device_memory);
    DistributedState state(world(), 10);
    if (!device_memory || world().size() == 1) return;
    // Ranks of a node that share a GPU cannot use NCCL: MPI (staged unless CUDA-aware).
    bool shared = false;
    for (std::size_t r = 0; r < world().size(); ++r)
        for (std::size_t other = r + 1; other < world().size(); ++other)
            shared = shared || (world().at(r).node_index() == world().at(other).node_index() &&
                                world().at(r).state_gpu()->device_index() == world().at(other).state_gpu()->device_index());
    if (shared) EXPECT_NE(state.transport(), "nccl");
}

TEST(Device, RandomCircuitsMatchTheDenseReference) {
    constexpr unsigned n = 9; // the dense reference multiplies 2^n x 2^n matrices
    for (const Precision precision : {Precision::double_, Precision::single})
        for (const std::uint64_t seed : {3u, 4u})
            for (const bool fusion : {true, false}) {
                SCOPED_TRACE(std::string(name_of(precision)) + " seed " + std::to_string(seed) +
                             (fusion ? " fused" : " gate by gate"));
                const std::vector<Gate> gates = qzone::testing::random_circuit(n, 300, seed);
                RunOptions options;
                options.shots = 0;
                options.amplitudes = true;
                options.plan.fusion = fusion;
                options.state.precision = precision;
                const RunResult result = run_circuit(world(), qzone::testing::as_circuit(n, gates), options);
                qzone::testing::DenseState reference(n);
                for (const Gate& gate : gates) reference.apply(gate);
                if (my_rank() != 0) continue;
                ASSERT_TRUE(result.amplitudes);
                double worst = 0;
                for (std::size_t i = 0; i < reference.amplitudes().size(); ++i)
                    worst = std::max(worst, std::abs((*result.amplitudes)[i] - reference.amplitudes()[i]));
                EXPECT_LT(worst, bound(precision));
            }
}

TEST(Device, CountsAndFingerprintsDoNotDependOnTheRankCount) {
    // 23 qubits in single precision: more than one host piece on one rank.
    const std::vector<Gate> gates = qzone::testing::random_circuit(23, 120, 9);
    RunOptions options;
    options.shots = 2000;
    options.seed = 5;
    options.state.precision = Precision::single;
    Circuit circuit = qzone::testing::as_circuit(23, gates);
    measure_every_qubit(circuit);
    const RunResult together = run_circuit(world(), circuit, options);
    const RunResult alone = run_circuit(RuntimeView(MPI_COMM_SELF), circuit, options);
    EXPECT_EQ(together.fingerprint, alone.fingerprint);
    EXPECT_EQ(together.counts, alone.counts);
}

TEST(Device, AGhzStateSamplesOnlyItsTwoOutcomes) {
    constexpr unsigned n = 22;
    DistributedState state(world(), n);
    apply_gate(state, "h", {0});
    for (unsigned q = 1; q < n; ++q) apply_gate(state, "cx", {q - 1, q});
    Rng rng(11);
    const std::vector<std::uint64_t> draws = sample(state, 4000, rng);
    std::size_t ones = 0;
    for (const std::uint64_t draw : draws) {
        ASSERT_TRUE(draw == 0 || draw == (std::uint64_t{1} << n) - 1) << draw;
        ones += draw != 0;
    }
    EXPECT_NEAR(double(ones) / double(draws.size()), 0.5, 0.05); // 6.3 standard deviations
    EXPECT_NEAR(probability(state, n - 1, 1), 0.5, 1e-12);
}

TEST(Device, CheckpointsCrossHostPiecesBothWays) {
    // 24 qubits: four host pieces on one rank, several checksum blocks per piece.
    constexpr unsigned n = 24;
    for (const Precision precision : {Precision::double_, Precision::single}) {
        SCOPED_TRACE(name_of(precision));
        StateOptions options;
        options.precision = precision;
        DistributedState state(world(), n, options);
        for (const Gate& gate : qzone::testing::random_circuit(n, 40, 21)) apply_gate(state, gate);
        const std::string path = ::testing::TempDir() + "device-pieces-" + std::to_string(world().size()) + ".qzck";
        CheckpointMetadata metadata;
        metadata.circuit_hash = 42;
        write_checkpoint(state, path, metadata);
        DistributedState restored(world(), n, options);
        const CheckpointMetadata read = read_checkpoint(restored, path, 42);
        EXPECT_EQ(read.fingerprint, fingerprint(state));
        EXPECT_EQ(fingerprint(restored), fingerprint(state));
        // Read into the other precision: rounded once, piece by piece.
        StateOptions other = options;
        other.precision = precision == Precision::double_ ? Precision::single : Precision::double_;
        DistributedState converted(world(), n, other);
        read_checkpoint(converted, path, 42);
        EXPECT_NEAR(std::abs(converted.amplitude(12345) - state.amplitude(12345)), 0, 1e-7);
        EXPECT_NEAR(converted.norm(), 1, 1e-5);
    }
}

TEST(Device, AmplitudesTravelToAndFromRootInPieces) {
    // 23 qubits: 2^23 amplitudes, two host pieces on one rank.
    constexpr unsigned n = 23;
    DistributedState state(world(), n);
    std::vector<std::complex<double>> values;
    if (my_rank() == 0) {
        values.resize(std::size_t{1} << n);
        const double scale = 1 / std::sqrt(double(values.size()));
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = std::polar(scale, 0.001 * double(i % 6283));
    }
    state.set_amplitudes_from_root(values);
    const auto back = state.amplitudes_on_root(0);
    if (my_rank() == 0) {
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, values); // double in, double out: exact
    }
    EXPECT_NEAR(state.norm(), 1, 1e-12);
    const auto probabilities = probabilities_on_root(state);
    if (my_rank() == 0) {
        ASSERT_TRUE(probabilities);
        EXPECT_DOUBLE_EQ((*probabilities)[(std::size_t{1} << 22) + 7], std::norm(values[(std::size_t{1} << 22) + 7]));
    }
}
