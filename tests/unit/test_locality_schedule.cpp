// schedule_for_locality: a reordering of commuting operations only (the
// dense reference gives the same amplitudes, and every pair of operations
// that do not commute keeps its order), deterministic, and the orders it
// makes cut exchange volume: a QFT with a preparation layer and a shallow
// random brickwork on 4 ranks move one 2-qubit stage (3/4 of a state).

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/gate.hpp>
#include <runtime/projection.hpp>

#include "dense_reference.hpp"
#include "planning/locality_schedule.hpp"
#include "random_circuit.hpp"

using namespace qzone;

namespace {

std::vector<qzone::testing::Complex> evolve(const Circuit& circuit) {
    qzone::testing::DenseState state(circuit.qubits);
    for (const Operation& op : circuit.operations) state.apply(op.gate);
    return state.amplitudes();
}

/// Whether `a` and `b` share a qubit on which either acts other than
/// diagonally: the schedule must keep their order.
bool conflict(const Gate& a, const Gate& b) {
    const auto full_on = [](const Gate& g, unsigned q) {
        for (std::size_t j = 0; j < g.targets.size(); ++j)
            if (g.targets[j] == q)
                return !(g.kind == GateKind::diagonal ||
                         (g.kind == GateKind::pauli_rotation && (g.paulis[j] == 'Z' || g.paulis[j] == 'I')));
        return false; // a control, or not on q
    };
    const auto on = [](const Gate& g, unsigned q) {
        return std::count(g.targets.begin(), g.targets.end(), q) + std::count(g.controls.begin(), g.controls.end(), q) > 0;
    };
    for (unsigned q = 0; q < 64; ++q)
        if (on(a, q) && on(b, q) && (full_on(a, q) || full_on(b, q))) return true;
    return false;
}

Operation gate_op(Gate gate) {
    Operation op;
    op.qubits = gate.targets;
    op.qubits.insert(op.qubits.end(), gate.controls.begin(), gate.controls.end());
    op.gate = std::move(gate);
    return op;
}

/// H and RZ on every qubit, then the QFT with its final swaps.
Circuit qft_with_preparation(unsigned n) {
    Circuit circuit;
    circuit.qubits = n;
    for (unsigned q = 0; q < n; ++q) circuit.operations.push_back(gate_op(gates::h(q)));
    for (unsigned q = 0; q < n; ++q) circuit.operations.push_back(gate_op(gates::rz(q, 0.1 + q)));
    for (unsigned j = n; j-- > 0;) {
        circuit.operations.push_back(gate_op(gates::h(j)));
        for (unsigned k = j; k-- > 0;) circuit.operations.push_back(gate_op(gates::cphase(k, j, M_PI / double(1u << (j - k)))));
    }
    for (unsigned j = 0; j < n / 2; ++j) circuit.operations.push_back(gate_op(gates::swap(j, n - 1 - j)));
    return circuit;
}

/// Layers of a random one-qubit rotation on every qubit, then CZ on alternating pairs.
Circuit brickwork(unsigned n, unsigned depth, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> angle(0, 2 * M_PI);
    Circuit circuit;
    circuit.qubits = n;
    for (unsigned layer = 0; layer < depth; ++layer) {
        for (unsigned q = 0; q < n; ++q) circuit.operations.push_back(gate_op(gates::u(q, angle(rng), angle(rng), angle(rng))));
        for (unsigned q = layer % 2; q + 1 < n; q += 2) circuit.operations.push_back(gate_op(gates::cz(q, q + 1)));
    }
    return circuit;
}

/// States' worth that MPI carries on 4 ranks, one per node.
double states_moved(const Circuit& circuit) {
    ProjectionRequest request;
    request.ranks = 4;
    request.share_node_memory = false;
    MachineModel machine;
    machine.dense_pass_seconds.fill(1e-9);
    machine.diagonal_pass_seconds = machine.memory_exchange_bandwidth = machine.copy_bandwidth = 1e-9;
    machine.intra_node_bandwidth = machine.inter_node_bandwidth = 1e9;
    const Projection p = project(circuit, request, machine);
    return p.bytes_through_mpi / (16.0 * double(std::uint64_t{1} << circuit.qubits));
}

} // namespace

TEST(LocalitySchedule, ReordersOnlyWhatCommutes) {
    std::size_t moved = 0; // operations not at their own place: the test must see reordering
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        const unsigned n = 5 + seed % 4;
        const Circuit circuit = qzone::testing::as_circuit(n, qzone::testing::random_circuit(n, 150, seed));
        const Circuit scheduled = planning::schedule_for_locality(circuit);
        ASSERT_EQ(scheduled.operations.size(), circuit.operations.size());
        // Which original operation each scheduled one is: names and qubits
        // may repeat, so match them in order of first appearance.
        std::vector<std::size_t> position(circuit.operations.size());
        std::vector<bool> used(circuit.operations.size(), false);
        for (std::size_t s = 0; s < scheduled.operations.size(); ++s) {
            const Operation& op = scheduled.operations[s];
            std::size_t i = 0;
            while (i < circuit.operations.size() &&
                   (used[i] || circuit.operations[i].gate.name != op.gate.name ||
                    circuit.operations[i].gate.targets != op.gate.targets ||
                    circuit.operations[i].gate.controls != op.gate.controls ||
                    circuit.operations[i].gate.matrix != op.gate.matrix))
                ++i;
            ASSERT_LT(i, circuit.operations.size()) << "operation " << s << " is not the circuit's";
            used[i] = true;
            position[i] = s;
            moved += i != s;
        }
        for (std::size_t a = 0; a < circuit.operations.size(); ++a)
            for (std::size_t b = a + 1; b < circuit.operations.size(); ++b)
                if (conflict(circuit.operations[a].gate, circuit.operations[b].gate))
                    ASSERT_LT(position[a], position[b]) << "seed " << seed << ": operations " << a << " and " << b;
        const auto expected = evolve(circuit), got = evolve(scheduled);
        double distance = 0;
        for (std::size_t i = 0; i < expected.size(); ++i) distance = std::max(distance, std::abs(expected[i] - got[i]));
        EXPECT_LT(distance, 1e-12) << "seed " << seed;
    }
    EXPECT_GT(moved, 50u);
}

TEST(LocalitySchedule, IsDeterministic) {
    const Circuit circuit = brickwork(10, 12, 3);
    const Circuit a = planning::schedule_for_locality(circuit), b = planning::schedule_for_locality(circuit);
    for (std::size_t i = 0; i < a.operations.size(); ++i) {
        EXPECT_EQ(a.operations[i].gate.targets, b.operations[i].gate.targets);
        EXPECT_EQ(a.operations[i].gate.matrix, b.operations[i].gate.matrix);
    }
}

TEST(LocalitySchedule, QftWithPreparationAndShallowBrickworkMoveOneStage) {
    // In the circuit's order the preparation needs every qubit inside
    // chunks before the QFT starts, so two qubits leave and come back: 1.5
    // states on 4 ranks. Finished first, the top qubits leave for good.
    EXPECT_DOUBLE_EQ(states_moved(qft_with_preparation(16)), 0.75);
    // Depth 8 on 20 qubits: a light cone never spans the register, so a
    // sweep from the low qubits up needs the top two only at its end.
    EXPECT_DOUBLE_EQ(states_moved(brickwork(20, 8, 1)), 0.75);
}
