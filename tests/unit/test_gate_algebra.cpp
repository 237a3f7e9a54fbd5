// Adjoints and powers of gates (OpenQASM 3's inv @ and pow(k) @), checked
// with the independent dense simulator: U then inverse(U) is the identity,
// power(U, 1/2) twice is U, and known roots (sqrt X = SX, sqrt S = T).

#include <cmath>
#include <complex>
#include <random>

#include <gtest/gtest.h>

#include <runtime/gate.hpp>

#include "dense_reference.hpp"

using namespace qzone;
using qzone::testing::DenseState;

namespace {

/// A state with every amplitude nonzero, so that no gate hides in it.
DenseState spread_state(unsigned qubits) {
    DenseState state(qubits);
    for (unsigned q = 0; q < qubits; ++q) state.apply(gates::u(q, 0.7 + q, 0.3 * q, -0.2));
    return state;
}

double distance(const DenseState& a, const DenseState& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.amplitudes().size(); ++i)
        worst = std::max(worst, std::abs(a.amplitudes()[i] - b.amplitudes()[i]));
    return worst;
}

std::vector<Gate> sample_gates() {
    std::mt19937_64 rng(5);
    return {gates::u(0, 0.4, 1.2, -0.5),
            gates::controlled(gates::ry(1, 0.8), {2}, {0}),
            gates::diagonal({0, 2}, {1.0, std::polar(1.0, 0.3), std::polar(1.0, -2.9), std::polar(1.0, 3.1)}),
            gates::pauli_rotation("XZY", {0, 1, 2}, 2.4),
            gates::controlled(gates::swap(0, 1), {2}),
            gates::unitary({0, 2}, qzone::testing::random_unitary(4, rng))};
}

} // namespace

TEST(GateAlgebra, AGateThenItsInverseIsTheIdentity) {
    for (const Gate& gate : sample_gates()) {
        DenseState state = spread_state(3);
        const DenseState before = state;
        state.apply(gate);
        state.apply(gates::inverse(gate));
        EXPECT_LT(distance(state, before), 1e-14) << gate.name;
    }
}

TEST(GateAlgebra, HalfPowersSquareToTheGate) {
    for (const Gate& gate : sample_gates()) {
        const std::optional<Gate> root = gates::power(gate, 0.5);
        if (gate.kind == GateKind::swap || (gate.kind == GateKind::matrix && gate.targets.size() > 1)) {
            EXPECT_FALSE(root.has_value()) << gate.name; // no closed form
            continue;
        }
        ASSERT_TRUE(root.has_value()) << gate.name;
        DenseState twice = spread_state(3), once = spread_state(3);
        twice.apply(*root);
        twice.apply(*root);
        once.apply(gate);
        EXPECT_LT(distance(twice, once), 1e-13) << gate.name;
    }
}

TEST(GateAlgebra, PrincipalRootsAreTheNamedGates) {
    const auto same = [](const Gate& a, const Gate& b) {
        DenseState x = spread_state(1), y = spread_state(1);
        x.apply(a);
        y.apply(b);
        return distance(x, y);
    };
    EXPECT_LT(same(*gates::power(gates::x(0), 0.5), gates::sx(0)), 1e-15);
    EXPECT_LT(same(*gates::power(gates::s(0), 0.5), gates::t(0)), 1e-15);
    EXPECT_LT(same(*gates::power(gates::z(0), -0.5), gates::sdg(0)), 1e-15);
    EXPECT_LT(same(*gates::power(gates::rx(0, 0.6), 0.25), gates::rx(0, 0.15)), 1e-15);
    // The identity's root is itself, though its two eigenvalues coincide.
    EXPECT_LT(same(*gates::power(gates::u(0, 0, 0, 0), 0.3), gates::identity(0)), 1e-15);
}
