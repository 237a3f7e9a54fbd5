// Probabilities, measurement, sampling and expectation values against the
// dense reference; samples identical under every layout and rank count.

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/apply_gate.hpp>
#include <runtime/errors.hpp>
#include <runtime/measurement.hpp>

#include "dense_reference.hpp"
#include "random_circuit.hpp"
#include "test_world.hpp"

using namespace qzone;
using qzone::testing::Complex;
using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

constexpr unsigned n = 7;
constexpr double tolerance = 1e-12;

struct Prepared {
    std::vector<Gate> circuit = qzone::testing::random_circuit(n, 50, 2024);
    qzone::testing::DenseState reference{n};
    Prepared() {
        for (const Gate& gate : circuit) reference.apply(gate);
    }
    DistributedState state(const PartitionLayout& layout, bool share_node_memory = true) const {
        StateOptions options{512};
        options.share_node_memory = share_node_memory;
        DistributedState s(world(), layout, options);
        for (const Gate& gate : circuit) apply_gate(s, gate);
        return s;
    }
};

const Prepared& prepared() {
    static const Prepared instance;
    return instance;
}

std::vector<PartitionLayout> layouts() {
    std::vector<PartitionLayout> result{PartitionLayout::balanced(n, world().size())};
    result.push_back(PartitionLayout::balanced(n, world().size(), 3));
    std::vector<double> weights;
    for (std::size_t r = 0; r < world().size(); ++r) weights.push_back(world().size() - static_cast<double>(r));
    result.push_back(PartitionLayout::weighted(n, weights, 2 + (world().size() > 2)));
    return result;
}

/// Canonical pairwise-tree sampling written independently: recursive node
/// sums over the probabilities, walked with the same random numbers.
std::vector<std::uint64_t> reference_samples(const std::vector<double>& p, std::size_t shots, std::uint64_t seed) {
    const std::function<double(std::size_t, std::size_t)> node = [&](std::size_t lo, std::size_t size) {
        return size == 1 ? p[lo] : node(lo, size / 2) + node(lo + size / 2, size / 2);
    };
    Rng rng(seed);
    const double total = node(0, p.size());
    std::vector<std::uint64_t> samples;
    for (std::size_t s = 0; s < shots; ++s) {
        double u = rng.uniform() * total;
        std::size_t lo = 0, size = p.size();
        while (size > 1) {
            const double left = node(lo, size / 2), right = node(lo + size / 2, size / 2);
            size /= 2;
            if (!(u < left) && right > 0) {
                u -= left;
                lo += size;
            }
        }
        samples.push_back(lo);
    }
    return samples;
}

std::vector<double> reference_probabilities() {
    std::vector<double> p;
    for (const Complex& a : prepared().reference.amplitudes()) p.push_back(std::norm(a));
    return p;
}

} // namespace

TEST(Measurement, ProbabilitiesAndMarginalsMatchTheReference) {
    const std::vector<double> p = reference_probabilities();
    for (const PartitionLayout& layout : layouts()) {
        const DistributedState state = prepared().state(layout);
        for (unsigned q = 0; q < n; ++q) {
            double expected = 0;
            for (std::size_t i = 0; i < p.size(); ++i) expected += (i >> q & 1) ? p[i] : 0;
            EXPECT_NEAR(probability(state, q, 1), expected, tolerance) << "qubit " << q;
            EXPECT_NEAR(probability(state, q, 0), 1 - expected, tolerance) << "qubit " << q;
        }
        const std::vector<unsigned> qubits{6, 1, 3};
        const std::vector<double> marginal = marginal_probabilities(state, qubits);
        ASSERT_EQ(marginal.size(), 8u);
        for (std::size_t outcome = 0; outcome < 8; ++outcome) {
            double expected = 0;
            for (std::size_t i = 0; i < p.size(); ++i)
                if (qzone::testing::bits_on(i, qubits) == outcome) expected += p[i];
            EXPECT_NEAR(marginal[outcome], expected, tolerance) << "outcome " << outcome;
        }
        const auto all = probabilities_on_root(state);
        ASSERT_EQ(all.has_value(), my_rank() == 0);
        if (all)
            for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR((*all)[i], p[i], tolerance);
    }
}

TEST(Measurement, MeasureCollapsesLikeTheReference) {
    for (const PartitionLayout& layout : layouts()) {
        DistributedState state = prepared().state(layout);
        std::vector<Complex> expected = prepared().reference.amplitudes();
        Rng rng(7), reference_rng(7);
        for (unsigned q : {0u, 6u, 3u, 5u}) {
            const int outcome = measure(state, q, rng);
            double ones = 0, total = 0;
            for (std::size_t i = 0; i < expected.size(); ++i) {
                total += std::norm(expected[i]);
                ones += (i >> q & 1) ? std::norm(expected[i]) : 0;
            }
            const int expected_outcome = reference_rng.uniform() < ones / total ? 1 : 0;
            ASSERT_EQ(outcome, expected_outcome) << "qubit " << q;
            const double kept = outcome ? ones : total - ones;
            for (std::size_t i = 0; i < expected.size(); ++i)
                expected[i] = static_cast<int>(i >> q & 1) == outcome ? expected[i] / std::sqrt(kept) : 0.0;
            EXPECT_EQ(world().gather(outcome), std::vector<int>(world().size(), outcome));
        }
        EXPECT_NEAR(state.norm(), 1.0, tolerance);
        const auto amplitudes = state.amplitudes_on_root();
        if (amplitudes)
            for (std::size_t i = 0; i < expected.size(); ++i)
                EXPECT_LT(std::abs((*amplitudes)[i] - expected[i]), tolerance) << i;
    }
}

TEST(Measurement, ResetLeavesTheQubitInZero) {
    DistributedState state = prepared().state(layouts().back());
    Rng rng(3);
    for (unsigned q = 0; q < n; ++q) {
        reset(state, q, rng);
        EXPECT_NEAR(probability(state, q, 1), 0.0, tolerance);
    }
    EXPECT_NEAR(std::abs(state.amplitude(0)), 1.0, tolerance); // all qubits reset: |0...0> up to phase
}

TEST(Sampling, SamplesAreExactlyTheCanonicalTreeWalkUnderEveryLayout) {
    const std::size_t shots = 3000;
    for (const PartitionLayout& layout : layouts())
    for (bool shared : {true, false}) {
        const DistributedState state = prepared().state(layout, shared);
        Rng rng(42);
        const std::vector<std::uint64_t> samples = sample(state, shots, rng);
        EXPECT_EQ(world().gather(samples).back(), samples); // the same on every rank
        const auto p = probabilities_on_root(state);
        if (p) EXPECT_EQ(samples, reference_samples(*p, shots, 42));
    }
}

TEST(Sampling, ShotsAreDrawnInBoundedBatchesWithTheSameDraws) {
    // 2^22 + 3 shots of |+++>: two batches (2^22, then 3), the same draws on
    // every rank and for each rank alone (one chunk), each outcome near 1/8.
    const std::size_t shots = (std::size_t{1} << 22) + 3;
    const auto draw = [&](const RuntimeView& runtime) {
        DistributedState state(runtime, 3);
        for (unsigned q = 0; q < 3; ++q) apply_gate(state, gates::h(q));
        Rng rng(5);
        std::vector<std::size_t> sizes;
        std::vector<double> counts(8, 0);
        std::uint64_t checksum = 0;
        sample_in_batches(state, shots, rng, [&](const std::vector<std::uint64_t>& batch) {
            sizes.push_back(batch.size());
            for (std::uint64_t s : batch) {
                counts.at(s) += 1;
                checksum = checksum * 31 + s;
            }
        });
        EXPECT_EQ(sizes, (std::vector<std::size_t>{std::size_t{1} << 22, 3}));
        return std::make_pair(checksum, counts);
    };
    const auto together = draw(world());
    const auto alone = draw(RuntimeView(MPI_COMM_SELF));
    EXPECT_EQ(together.first, alone.first);
    const double sd = std::sqrt(double(shots) * (1.0 / 8) * (7.0 / 8)); // binomial
    for (double n : together.second) EXPECT_NEAR(n, double(shots) / 8, 6 * sd);
}

TEST(Sampling, ChiSquareAgainstTheExactDistribution) {
    // Fixed seed, so this is deterministic; the bound is the 0.1% quantile.
    const std::size_t shots = 50000;
    const DistributedState state = prepared().state(layouts().front());
    Rng rng(1234);
    const std::vector<std::uint64_t> samples = sample(state, shots, rng);
    const std::vector<double> p = reference_probabilities();
    std::vector<double> counts(p.size(), 0);
    for (std::uint64_t s : samples) counts.at(s) += 1;
    // Merge outcomes with expected count < 5 into one bin.
    double chi2 = 0, small_expected = 0, small_observed = 0;
    int bins = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double expected = p[i] * shots;
        if (expected < 5) {
            small_expected += expected;
            small_observed += counts[i];
            continue;
        }
        chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        ++bins;
    }
    if (small_expected > 0) {
        chi2 += (small_observed - small_expected) * (small_observed - small_expected) / std::max(small_expected, 1.0);
        ++bins;
    }
    const double df = bins - 1, z = 3.09; // Wilson-Hilferty quantile of chi2(df) at 0.999
    const double critical = df * std::pow(1 - 2 / (9 * df) + z * std::sqrt(2 / (9 * df)), 3);
    EXPECT_LT(chi2, critical) << bins << " bins";
}

TEST(Expectation, PauliStringsMatchTheReferenceAndLeaveTheStateAlone) {
    const char* observables[] = {"Z0", "X6", "Y5 Z0", "X0 X6", "Y1 Y4 Z6", "X2 Y3 Z5 X6", "I", "Z1 Z2 Z3 Z4"};
    for (const PartitionLayout& layout : layouts())
    for (bool shared : {true, false}) {
        const DistributedState state = prepared().state(layout, shared);
        const auto before = state.amplitudes_on_root();
        for (const char* text : observables) {
            const PauliString observable = PauliString::parse(text);
            const auto pm = qzone::testing::pauli_string_matrix(n, observable.qubits(), observable.letters());
            const auto& a = prepared().reference.amplitudes();
            Complex expected = 0;
            for (std::size_t r = 0; r < a.size(); ++r)
                for (std::size_t c = 0; c < a.size(); ++c) expected += std::conj(a[r]) * pm(r, c) * a[c];
            EXPECT_NEAR(expectation(state, observable), expected.real(), tolerance) << text;
        }
        const PauliSum sum{{0.5, PauliString::parse("Z0 Z1")}, {-2.0, PauliString::parse("X6")}};
        EXPECT_NEAR(expectation(state, sum),
                    0.5 * expectation(state, PauliString::parse("Z0Z1")) -
                        2.0 * expectation(state, PauliString::parse("X6")),
                    1e-14);
        const auto after = state.amplitudes_on_root();
        if (before) EXPECT_EQ(*after, *before); // bit for bit
    }
}

TEST(Measurement, BadArgumentsThrowOnEveryRank) {
    DistributedState state(world(), n);
    Rng rng(1);
    EXPECT_THROW(probability(state, n, 1), InputError);
    EXPECT_THROW(probability(state, 0, 2), InputError);
    EXPECT_THROW(measure(state, n + 3, rng), InputError);
    EXPECT_THROW(marginal_probabilities(state, {1, 1}), InputError);
    EXPECT_THROW(expectation(state, PauliString::parse("Z9")), InputError);
    EXPECT_THROW(PauliString::parse("Q1"), InputError);
    EXPECT_THROW(PauliString::parse("Z1 X1"), InputError);
}
