// Gates through the engine against the independent dense reference, under
// several layouts per rank count; and the same circuit gives bit-identical
// amplitudes under every layout of one run.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/apply_gate.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>

#include "dense_reference.hpp"
#include "random_circuit.hpp"
#include "test_world.hpp"

using namespace qzone;
using qzone::testing::Complex;
using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

constexpr double tolerance = 1e-12;

unsigned ceil_log2(std::size_t v) {
    unsigned bits = 0;
    while ((std::size_t{1} << bits) < v) ++bits;
    return bits;
}

/// Layouts worth testing with the current rank count on n qubits.
std::vector<PartitionLayout> layouts_for(unsigned n) {
    std::vector<PartitionLayout> layouts{PartitionLayout::balanced(n, world().size())};
    for (unsigned g = ceil_log2(world().size()); g <= 3; ++g)
        layouts.push_back(PartitionLayout::balanced(n, world().size(), g));
    std::vector<double> weights;
    for (std::size_t r = 0; r < world().size(); ++r) weights.push_back(1.0 + static_cast<double>(r));
    layouts.push_back(PartitionLayout::weighted(n, weights, 3));
    return layouts;
}

std::string describe(const PartitionLayout& layout) {
    std::string text = std::to_string(layout.qubits()) + " qubits, " + std::to_string(layout.chunk_count()) +
                       " chunks, ranks own";
    for (std::size_t r = 0; r < layout.ranks(); ++r) text += " " + std::to_string(layout.chunk_count_of(r));
    return text;
}

/// Runs `circuit` under `layout` and, on rank 0, checks every amplitude
/// against the dense reference. Returns the amplitudes on rank 0. The tiny
/// exchange buffer makes every exchange run in many pieces; with
/// `share_node_memory` off, partners on this node go through MPI too.
std::vector<Complex> run_and_check(const PartitionLayout& layout, const std::vector<Gate>& circuit,
                                   const std::vector<Complex>& expected, bool share_node_memory) {
    StateOptions options{256};
    options.share_node_memory = share_node_memory;
    DistributedState state(world(), layout, options);
    for (const Gate& gate : circuit) apply_gate(state, gate);
    const auto amplitudes = state.amplitudes_on_root();
    if (my_rank() != 0) return {};
    EXPECT_EQ(amplitudes->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_LT(std::abs((*amplitudes)[i] - expected[i]), tolerance)
            << "amplitude " << i << " under " << describe(layout) << (share_node_memory ? ", shared" : ", MPI")
            << ": " << (*amplitudes)[i] << " vs " << expected[i];
    return *amplitudes;
}

} // namespace

TEST(Gates, RandomCircuitsMatchTheDenseReferenceUnderEveryLayout) {
    const unsigned n = 8;
    for (std::uint64_t seed : {11u, 12u, 13u}) {
        const auto circuit = qzone::testing::random_circuit(n, 60, seed);
        qzone::testing::DenseState reference(n);
        for (const Gate& gate : circuit) reference.apply(gate);
        std::vector<std::vector<Complex>> results;
        for (const PartitionLayout& layout : layouts_for(n))
            for (bool shared : {true, false})
                results.push_back(run_and_check(layout, circuit, reference.amplitudes(), shared));
        // The same gates, in the same arithmetic order, whatever the layout.
        for (std::size_t l = 1; l < results.size(); ++l) EXPECT_EQ(results[l], results[0]) << "layout " << l;
    }
}

TEST(Gates, EveryQubitPositionAndPair) {
    const unsigned n = 6;
    std::vector<Gate> circuit;
    for (unsigned q = 0; q < n; ++q) {
        circuit.push_back(gates::h(q));
        circuit.push_back(gates::rx(q, 0.3 + q));
        circuit.push_back(gates::ry(q, 0.7 - q)); // asymmetric: catches swapped matrix halves
        circuit.push_back(gates::t(q));
    }
    std::mt19937_64 rng(5);
    for (unsigned a = 0; a < n; ++a)
        for (unsigned b = 0; b < n; ++b) {
            if (a == b) continue;
            circuit.push_back(gates::cx(a, b));
            circuit.push_back(gates::swap(a, b));
            circuit.push_back(gates::unitary({a, b}, qzone::testing::random_unitary(4, rng)));
            circuit.push_back(gates::cphase(a, b, 0.1 * (a + 1) * (b + 2)));
            circuit.push_back(gates::pauli_rotation("XY", {a, b}, 0.2 * a - 0.3 * b));
        }
    qzone::testing::DenseState reference(n);
    for (const Gate& gate : circuit) reference.apply(gate);
    for (const PartitionLayout& layout : layouts_for(n))
        for (bool shared : {true, false}) run_and_check(layout, circuit, reference.amplitudes(), shared);
}

TEST(Gates, NormIsPreservedAndInnerProductMatches) {
    const unsigned n = 8;
    const auto circuit = qzone::testing::random_circuit(n, 40, 99);
    DistributedState state(world(), n);
    for (const Gate& gate : circuit) apply_gate(state, gate);
    EXPECT_NEAR(state.norm(), 1.0, 1e-12);
    qzone::testing::DenseState reference(n);
    for (const Gate& gate : circuit) reference.apply(gate);
    // <0|psi> is the first amplitude.
    DistributedState zero(world(), n);
    EXPECT_THROW(zero.inner_product(state), InputError); // global targets moved qubits
    align_qubit_map(state, zero.qubit_map());
    const auto overlap = zero.inner_product(state);
    EXPECT_LT(std::abs(overlap - reference.amplitudes()[0]), tolerance);
}

TEST(Gates, BadGatesThrowTheSameErrorOnEveryRank) {
    DistributedState state(world(), 6);
    const auto message_of = [&](const Gate& gate) -> std::string {
        try {
            apply_gate(state, gate);
        } catch (const InputError& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(message_of(gates::h(6)), "gate 'h': qubit 6 is out of range for a state of 6 qubits");
    EXPECT_EQ(message_of(gates::cx(2, 2)),
              "gate 'cx': qubit 2 appears twice (targets and controls must be distinct)");
    EXPECT_EQ(message_of(gates::unitary({0}, {1.0, 1.0, 0.0, 1.0}, "shear")).rfind(
                  "gate 'shear': the matrix is not unitary", 0),
              0u);
    EXPECT_EQ(message_of(gates::diagonal({1}, {1.0, 2.0})).rfind("gate 'diagonal': diagonal entry 1 has modulus", 0),
              0u);
    const std::string unknown = [&] {
        try {
            apply_gate(state, "frobnicate", {0});
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    }();
    EXPECT_EQ(unknown, "unknown gate 'frobnicate'");
    for (const std::string& other : world().gather(message_of(gates::h(6)))) EXPECT_EQ(other, message_of(gates::h(6)));
    EXPECT_NEAR(state.norm(), 1.0, 1e-15); // nothing was applied
}
