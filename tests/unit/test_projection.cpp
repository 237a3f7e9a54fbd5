// project(): memory, bytes by route and time on a described machine, against
// hand counts; its plans are the planner's; bad requests are refused.

#include <cmath>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>
#include <runtime/gate.hpp>
#include <runtime/projection.hpp>

using namespace qzone;

namespace {

/// H on every qubit of an n-qubit circuit.
Circuit hadamard_layer(unsigned n) {
    Circuit circuit;
    circuit.qubits = n;
    for (unsigned q = 0; q < n; ++q) {
        Operation op;
        op.gate = gates::h(q);
        op.qubits = {q};
        circuit.operations.push_back(op);
    }
    return circuit;
}

/// A machine whose figures make times easy to count by hand.
MachineModel round_machine() {
    MachineModel machine;
    machine.dense_pass_seconds.fill(1e-9);
    machine.diagonal_pass_seconds = 1e-9;
    machine.memory_exchange_bandwidth = 1e9;
    machine.copy_bandwidth = 1e9;
    machine.intra_node_bandwidth = 1e9;
    machine.inter_node_bandwidth = 1e8;
    machine.intra_node_latency = 0;
    machine.inter_node_latency = 0;
    machine.cores_per_node = 64;
    machine.memory_per_node_bytes = 1e12;
    return machine;
}

} // namespace

TEST(Projection, MemoryPerRankIsTheBusiestSharePlusTheBuffer) {
    ProjectionRequest request;
    request.ranks = 3; // 30 qubits: 4 chunks would leave one rank 2 of 4 (1.5x the mean), so 8 chunks: 3, 3, 2
    request.ranks_per_node = 3;
    const Projection p = project(hadamard_layer(30), request, round_machine());
    EXPECT_EQ(p.chunks, 8u);
    const double chunk_bytes = double(std::uint64_t{1} << 27) * 16;
    EXPECT_DOUBLE_EQ(p.memory_per_rank_bytes, 3 * chunk_bytes + (64 << 20));
    EXPECT_DOUBLE_EQ(p.memory_per_node_bytes, 8 * chunk_bytes + 3 * (64 << 20));
    EXPECT_TRUE(p.fits);
    MachineModel small = round_machine();
    small.memory_per_node_bytes = 8 * chunk_bytes; // the amplitudes fit, the buffers do not
    EXPECT_FALSE(project(hadamard_layer(30), request, small).fits);
    request.precision = Precision::single;
    EXPECT_DOUBLE_EQ(project(hadamard_layer(30), request, round_machine()).memory_per_rank_bytes,
                     3 * chunk_bytes / 2 + (64 << 20));
}

TEST(Projection, BytesByRouteAreTheHandCounts) {
    // 8 qubits on 4 ranks, a chunk each (64 amplitudes): the layer needs the
    // two chunk-index qubits inside, one stage of two pairs; each chunk sends
    // a quarter (16 amplitudes, 256 bytes) to each of its 3 partners.
    ProjectionRequest request;
    request.ranks = 4;
    request.share_node_memory = false;
    request.plan.fusion = false;
    request.ranks_per_node = 1;
    Projection p = project(hadamard_layer(8), request, round_machine());
    EXPECT_EQ(p.chunks, 4u);
    EXPECT_EQ(p.exchange_stages, 1u);
    EXPECT_EQ(p.qubits_exchanged, 2u);
    EXPECT_DOUBLE_EQ(p.bytes_between_nodes, 4 * 3 * 256);
    EXPECT_DOUBLE_EQ(p.bytes_within_nodes, 0);
    EXPECT_DOUBLE_EQ(p.bytes_through_mpi, 4 * 3 * 256);
    // Two ranks per node: one partner of each chunk is on its node.
    request.ranks_per_node = 2;
    p = project(hadamard_layer(8), request, round_machine());
    EXPECT_DOUBLE_EQ(p.bytes_within_nodes, 4 * 256);
    EXPECT_DOUBLE_EQ(p.bytes_between_nodes, 4 * 2 * 256);
    EXPECT_DOUBLE_EQ(p.bytes_through_mpi, 4 * 3 * 256);
    // With node-shared memory the pairs within a node leave MPI.
    request.share_node_memory = true;
    p = project(hadamard_layer(8), request, round_machine());
    EXPECT_DOUBLE_EQ(p.bytes_within_nodes, 4 * 256);
    EXPECT_DOUBLE_EQ(p.bytes_through_mpi, 4 * 2 * 256);
    // One rank moves nothing.
    request.ranks = 1;
    p = project(hadamard_layer(8), request, round_machine());
    EXPECT_EQ(p.exchange_stages, 0u);
    EXPECT_DOUBLE_EQ(p.bytes_through_mpi + p.bytes_within_nodes + p.bytes_in_memory, 0);
}

TEST(Projection, TimesAreTheModelsFiguresSummed) {
    // Unfused, one rank: 8 one-qubit passes over 256 amplitudes at 1 ns each.
    ProjectionRequest request;
    request.plan.fusion = false;
    Projection p = project(hadamard_layer(8), request, round_machine());
    EXPECT_EQ(p.passes, 8u);
    EXPECT_NEAR(p.compute_seconds, 8 * 256 * 1e-9, 1e-15);
    EXPECT_DOUBLE_EQ(p.exchange_seconds, 0);
    EXPECT_DOUBLE_EQ(p.predicted_seconds, p.compute_seconds);
    // 4 ranks on 4 nodes: the stage's busiest rank packs and unpacks 768
    // bytes (2 x 768 / 1e9 s) and sends them between nodes (768 / 1e8 s);
    // passes are over its 64 amplitudes.
    request.ranks = 4;
    request.ranks_per_node = 1;
    request.share_node_memory = false;
    p = project(hadamard_layer(8), request, round_machine());
    EXPECT_NEAR(p.exchange_seconds, 2 * 768 / 1e9 + 768 / 1e8, 1e-15);
    EXPECT_NEAR(p.compute_seconds, 8 * 64 * 1e-9, 1e-15);
    // Twice as many ranks as cores on a node: passes take twice as long.
    MachineModel crowded = round_machine();
    crowded.cores_per_node = 2;
    request.ranks_per_node = 4;
    EXPECT_NEAR(project(hadamard_layer(8), request, crowded).compute_seconds, 2 * 8 * 64 * 1e-9, 1e-15);
}

TEST(Projection, TrajectoriesCountEveryShot) {
    // H, a mid-circuit measurement, then H again: the part after the
    // measurement runs once per shot.
    Circuit circuit = hadamard_layer(6);
    circuit.clbits = 1;
    Operation measure;
    measure.kind = Operation::Kind::measure;
    measure.qubits = {0};
    measure.clbit = 0;
    circuit.operations.push_back(measure);
    Operation again;
    again.gate = gates::h(0);
    again.qubits = {0};
    circuit.operations.push_back(again);
    ProjectionRequest request;
    request.plan.fusion = false;
    const Projection one = project(circuit, request, round_machine());
    request.shots = 10;
    const Projection ten = project(circuit, request, round_machine());
    EXPECT_TRUE(one.per_shot);
    // The state before the measurement is kept for every shot: two states.
    const Projection sampled = project(hadamard_layer(6), request, round_machine());
    EXPECT_DOUBLE_EQ(one.memory_per_rank_bytes, 2 * sampled.memory_per_rank_bytes);
    EXPECT_EQ(one.passes, 7u);
    EXPECT_EQ(ten.passes, 6u + 10u);
    EXPECT_GT(ten.predicted_seconds, one.predicted_seconds);
}

TEST(Projection, BadRequestsAreInputErrors) {
    ProjectionRequest request;
    request.ranks = 0;
    EXPECT_THROW(project(hadamard_layer(4), request, round_machine()), InputError);
    request.ranks = 2;
    request.ranks_per_node = 0;
    EXPECT_THROW(project(hadamard_layer(4), request, round_machine()), InputError);
    request.ranks_per_node = 1;
    request.shots = 0;
    EXPECT_THROW(project(hadamard_layer(4), request, round_machine()), InputError);
    request.shots = 1;
    request.exchange_buffer_bytes = 8;
    EXPECT_THROW(project(hadamard_layer(4), request, round_machine()), InputError);
    request.exchange_buffer_bytes = 1 << 20;
    // A tiny circuit on more ranks than amplitudes plans like the run: one
    // chunk, nothing moves.
    request.ranks = 64;
    const Projection tiny = project(hadamard_layer(2), request, round_machine());
    EXPECT_EQ(tiny.chunks, 1u);
    EXPECT_EQ(tiny.exchange_stages, 0u);
}
