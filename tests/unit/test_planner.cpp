// The planner without MPI or amplitudes: a plan's gates, applied to the dense
// reference in order, are the circuit; every step finds its qubits inside
// chunks under the map the exchanges build; fusion is deterministic, bounded
// by its width and the same for every layout; exchange stages as few as the
// look-ahead promises on small cases.

#include <algorithm>
#include <cmath>
#include <random>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/cost_model.hpp>
#include <runtime/gate.hpp>

#include "dense_reference.hpp"
#include "planning/placement.hpp"
#include "planning/planner.hpp"
#include "planning/sweeps.hpp"
#include "random_circuit.hpp"

using namespace qzone;
using qzone::planning::Plan;
using qzone::planning::Step;

namespace {

/// The topology of a state with `local_qubits` inside chunks, a chunk per
/// rank, a rank per node.
planning::ChunkTopology one_chunk_per_node(unsigned qubits, unsigned local_qubits) {
    const unsigned global = qubits - local_qubits;
    return planning::ChunkTopology::packed(PartitionLayout::balanced(qubits, std::size_t{1} << global, global), 1,
                                           false, 16);
}

Plan plan_of(const Circuit& circuit, unsigned local_qubits, PlanOptions options) {
    planning::PlanRequest request(one_chunk_per_node(circuit.qubits, local_qubits));
    request.end = circuit.operations.size();
    request.cut_after = [](std::size_t) { return false; };
    request.start = QubitMap(circuit.qubits);
    request.state_is_zero = true;
    return planning::plan_operations(circuit, request, options);
}

/// The plan's steps applied to the dense reference: steps name qubits, so
/// exchanges (which only move qubits between levels) change nothing here.
std::vector<qzone::testing::Complex> evolve(const Plan& plan, unsigned n) {
    qzone::testing::DenseState state(n);
    for (const Step& step : plan.steps) {
        planning::for_each_block(step, [&](const auto& block) {
            if constexpr (std::is_same_v<std::decay_t<decltype(block)>, planning::DenseBlock>)
                state.apply(gates::unitary(block.qubits, block.matrix));
            else
                state.apply(gates::diagonal(block.qubits, block.diagonal));
        });
        if (const auto* gate = step.as<Gate>())
            state.apply(*gate);
        else if (step.as<planning::Measure>() || step.as<planning::Reset>())
            ADD_FAILURE() << "a unitary circuit planned a " << step.name();
    }
    return state.amplitudes();
}

std::vector<qzone::testing::Complex> evolve(const Circuit& circuit) {
    qzone::testing::DenseState state(circuit.qubits);
    for (const Operation& op : circuit.operations) state.apply(op.gate);
    return state.amplitudes();
}

/// Walks the plan with the qubit map its exchanges and relabelling swaps
/// build; every step must find the qubits it needs inside chunks, and an
/// exchange must bring in qubits that were outside for ones that were inside.
/// Returns the number of exchange stages.
std::size_t check_placement(const Plan& plan, unsigned n, unsigned local_qubits) {
    QubitMap map = plan.initial_map.value_or(QubitMap(n));
    std::size_t stages = 0;
    for (const Step& step : plan.steps) {
        if (const auto* exchange = step.as<planning::Exchange>()) {
            ++stages;
            for (const auto& [in, out] : exchange->pairs) {
                EXPECT_GE(map.position(in), local_qubits) << "qubit " << in << " was inside already";
                EXPECT_LT(map.position(out), local_qubits) << "qubit " << out << " was outside already";
                map.swap_positions(map.position(in), map.position(out));
            }
            continue;
        }
        for (unsigned q : planning::qubits_needed_by(step))
            EXPECT_LT(map.position(q), local_qubits) << step.name() << " needs qubit " << q << " inside chunks";
        if (planning::is_relabel(step)) {
            const Gate& swap = *step.as<Gate>();
            map.swap_positions(map.position(swap.targets[0]), map.position(swap.targets[1]));
        }
    }
    return stages;
}

/// What runs: the steps but the exchanges, sweeps as their blocks (a
/// sweep changes where a block's arithmetic happens, not what it is), as
/// text that shows every bit of them.
std::vector<std::string> without_exchanges(const Plan& plan) {
    std::vector<std::string> steps;
    const auto text_of = [](std::string name, const std::vector<unsigned>& qubits,
                            const std::vector<std::complex<double>>& entries) {
        for (unsigned q : qubits) name += " " + std::to_string(q);
        for (const std::complex<double>& e : entries) {
            const double parts[2] = {e.real(), e.imag()};
            name.append(reinterpret_cast<const char*>(parts), sizeof(parts)); // exact, not printed
        }
        return name;
    };
    for (const Step& step : plan.steps) {
        if (step.as<planning::Exchange>()) continue;
        if (!step.as<planning::DenseBlock>() && !step.as<planning::DiagonalBlock>() && !step.as<planning::Sweep>()) {
            steps.push_back(step.name());
            continue;
        }
        planning::for_each_block(step, [&](const auto& block) {
            if constexpr (std::is_same_v<std::decay_t<decltype(block)>, planning::DenseBlock>)
                steps.push_back(text_of("dense", block.qubits, block.matrix));
            else
                steps.push_back(text_of("diagonal", block.qubits, block.diagonal));
        });
    }
    return steps;
}

/// Costs as calibrated on the Xeon of docs/benchmarks.md (double), without sweeps.
CostModel xeon_costs_without_sweeps() {
    CostModel costs;
    costs.in_memory.dense = {0, 1, 0.93, 1.19, 1.91, 5.1, 10.25};
    costs.in_memory.diagonal = 1.17;
    costs.in_cache = costs.in_memory;
    costs.sweep_pass = 1e30;
    return costs;
}

/// Random-circuit brickwork on `n` qubits: `depth` layers of U on every
/// qubit (angles drawn from `seed`), then CZ on alternating pairs.
Circuit brickwork(unsigned n, unsigned depth, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> angle(0, 6.28);
    std::vector<Gate> layers;
    for (unsigned layer = 0; layer < depth; ++layer) {
        for (unsigned q = 0; q < n; ++q) layers.push_back(gates::u(q, angle(rng), angle(rng), angle(rng)));
        for (unsigned q = layer % 2; q + 1 < n; q += 2) layers.push_back(gates::cz(q, q + 1));
    }
    return qzone::testing::as_circuit(n, layers);
}

double distance(const std::vector<qzone::testing::Complex>& a, const std::vector<qzone::testing::Complex>& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

} // namespace

TEST(Planner, PlansAreTheCircuitWithEveryStepInsideChunks) {
    // Random circuits of every gate kind on 9 qubits; layouts keeping 6 to 9
    // qubits inside chunks (the widest gate has 6 targets); fusion off and
    // at widths 2, 4 and 6.
    const unsigned n = 9;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const Circuit circuit = qzone::testing::as_circuit(n, qzone::testing::random_circuit(n, 80, seed));
        const std::vector<qzone::testing::Complex> reference = evolve(circuit);
        for (unsigned local = 6; local <= n; ++local)
            for (unsigned width : {0u, 2u, 4u, 6u}) {
                PlanOptions options;
                options.fusion = width > 0;
                options.fusion_max_qubits = width;
                const Plan plan = plan_of(circuit, local, options);
                EXPECT_LT(distance(evolve(plan, n), reference), 1e-10)
                    << "seed " << seed << ", " << local << " local qubits, width " << width;
                const std::size_t stages = check_placement(plan, n, local);
                if (local == n) EXPECT_EQ(stages, 0u); // one chunk: nothing moves
                for (const Step& step : plan.steps)
                    planning::for_each_block(step, [&](const auto& block) {
                        if constexpr (std::is_same_v<std::decay_t<decltype(block)>, planning::DenseBlock>) {
                            EXPECT_LE(block.qubits.size(), std::max(width, 1u));
                            EXPECT_EQ(block.matrix.size(), std::size_t{1} << (2 * block.qubits.size()));
                        } else {
                            EXPECT_EQ(block.diagonal.size(), std::size_t{1} << block.qubits.size());
                        }
                    });
            }
    }
}

TEST(Planner, FusionIsDeterministicAndTheSameForEveryLayout) {
    // What runs (all but the exchanges) must not depend on how many qubits
    // lie inside chunks, or amplitudes would differ between rank counts.
    const unsigned n = 10;
    const Circuit circuit = qzone::testing::as_circuit(n, qzone::testing::random_circuit(n, 120, 7));
    for (unsigned width : {5u, 0u}) { // 0: the width the cost model prices lowest
        PlanOptions options;
        options.fusion_max_qubits = width;
        const std::vector<std::string> reference = without_exchanges(plan_of(circuit, n, options));
        EXPECT_EQ(without_exchanges(plan_of(circuit, n, options)), reference); // the same plan twice
        for (unsigned local = 6; local < n; ++local)
            EXPECT_EQ(without_exchanges(plan_of(circuit, local, options)), reference)
                << local << " local qubits, width " << width;
    }
}

TEST(Planner, FusionLeftToChooseTakesTheWidthItsModelPricesLowest) {
    // Brickwork on 10 qubits under the Xeon model and under one measured on
    // an AMD EPYC (Zen 4) in single precision, where dense4 costs 3 dense3
    // passes' worth of 2: fusion merges greedily while one pass costs less
    // than two, and its plan at the widest width may cost more in all than
    // at a narrower one. Left to choose, it plans every width from the
    // widest down and keeps the cheapest (a narrower one only if 2% cheaper):
    // never dearer than any width by more than that, never dearer than the
    // widest; on the EPYC model strictly cheaper than the widest. The plan
    // stays the circuit, and a plan of the operations from a cut on (as a
    // resumed run makes) fuses them as the whole plan does.
    const unsigned n = 10;
    const Circuit circuit = brickwork(n, 10, 11);
    CostModel epyc_single = xeon_costs_without_sweeps();
    epyc_single.in_memory.dense = {0, 1, 0.8143, 1.241, 2.42, 6.225, 10.47};
    epyc_single.in_memory.diagonal = 0.7608;
    epyc_single.in_cache = epyc_single.in_memory;
    for (const auto& [model, narrower_is_cheaper] :
         {std::pair{xeon_costs_without_sweeps(), false}, std::pair{epyc_single, true}}) {
        const auto cost = [&](const Plan& plan) {
            return planning::plan_cost(plan.steps, plan.initial_map.value_or(QubitMap(n)), n, 30, model.in_memory,
                                       model.in_cache, model.sweep_pass);
        };
        PlanOptions options;
        options.cost_model = model;
        const Plan chosen = plan_of(circuit, n, options);
        EXPECT_LT(distance(evolve(chosen, n), evolve(circuit)), 1e-10);
        double widest = 0;
        for (unsigned width = 2; width <= 6; ++width) {
            options.fusion_max_qubits = width;
            const double at_width = cost(plan_of(circuit, n, options));
            EXPECT_LE(cost(chosen), at_width / 0.98 + 1e-9) << "width " << width;
            widest = at_width;
        }
        EXPECT_LE(cost(chosen), widest);
        if (narrower_is_cheaper) EXPECT_LT(cost(chosen), 0.98 * widest);
        // Cut every 20 operations; the plan from operation 40 on is the whole plan's tail.
        options.fusion_max_qubits = 0;
        planning::PlanRequest request(one_chunk_per_node(n, n));
        request.end = circuit.operations.size();
        request.cut_after = [](std::size_t i) { return (i + 1) % 20 == 0; };
        request.start = QubitMap(n);
        request.state_is_zero = true;
        const Plan whole = planning::plan_operations(circuit, request, options);
        request.first = 40;
        request.state_is_zero = false;
        std::vector<std::string> tail, resumed;
        bool after = false;
        for (const Step& step : whole.steps) {
            if (after) tail.push_back(step.name());
            after = after || step.completes == std::size_t{40};
        }
        for (const Step& step : planning::plan_operations(circuit, request, options).steps)
            resumed.push_back(step.name());
        EXPECT_TRUE(after);
        EXPECT_EQ(resumed, tail);
    }
}

TEST(Planner, BrickworkFusesWithoutLoneOneQubitPassesAndEndsInFewDiagonals) {
    // Random-circuit brickwork on 10 qubits: layers of U on every qubit, then
    // CZ on alternating pairs, the last layer's CZs followed by nothing.
    // No one-qubit gate runs alone: one that a block cannot take moves into
    // the next block on its qubit, and the 4 CZs of the last layer (8 qubits, disjoint) are one
    // diagonal pass, not 4. The plan stays the circuit (dense reference).
    const unsigned n = 10;
    const Circuit circuit = brickwork(n, 6, 5);
    // Blocks of up to 4 qubits.
    PlanOptions options;
    options.fusion_max_qubits = 4;
    options.cost_model = xeon_costs_without_sweeps();
    const Plan plan = plan_of(circuit, n, options);
    EXPECT_LT(distance(evolve(plan, n), evolve(circuit)), 1e-10);
    std::size_t one_qubit = 0, diagonal = 0;
    for (const Step& step : plan.steps) {
        if (const auto* dense = step.as<planning::DenseBlock>()) one_qubit += dense->qubits.size() == 1;
        diagonal += step.as<planning::DiagonalBlock>() != nullptr;
    }
    EXPECT_EQ(one_qubit, 0u);
    EXPECT_EQ(diagonal, 1u);
}

TEST(Planner, ChainsOfCxFuseIntoPermutationBlocks) {
    // A GHZ chain with a T and a CCX in it, on 10 qubits: after the block that
    // holds the H (the H and the first CX: the model prices this plan below
    // the one whose first block is a dense4), the CXs (and the T and CCX among them) fuse into
    // permutation blocks up to 6 qubits wide, priced as diagonal passes,
    // rather than dense blocks of at most 4. The plan stays the circuit.
    const unsigned n = 10;
    std::vector<Gate> chain{gates::h(0)};
    for (unsigned q = 0; q + 1 < n; ++q) {
        chain.push_back(gates::cx(q, q + 1));
        if (q == 5) chain.push_back(gates::t(q + 1));
        if (q == 7) chain.push_back(gates::mcx({q - 1, q}, q + 1));
    }
    const Circuit circuit = qzone::testing::as_circuit(n, chain);
    PlanOptions options;
    options.cost_model = xeon_costs_without_sweeps();
    const Plan plan = plan_of(circuit, n, options);
    EXPECT_LT(distance(evolve(plan, n), evolve(circuit)), 1e-12);
    std::vector<std::string> names;
    for (const Step& step : plan.steps) names.push_back(step.name());
    EXPECT_EQ(names, (std::vector<std::string>{"dense2", "permutation6", "permutation4"}));
}

TEST(Planner, GatesWiderThanAnyBlockRunAloneWithoutTheirMatrix) {
    // An X-string rotation and a CX with 29 controls on 30 qubits: 4^30
    // entries each if fusion built their matrices to see what they are.
    const unsigned n = 30;
    std::vector<unsigned> all(n), controls(n - 1);
    for (unsigned q = 0; q < n; ++q) all[q] = q;
    for (unsigned q = 0; q + 1 < n; ++q) controls[q] = q;
    const Circuit circuit = qzone::testing::as_circuit(
        n, {gates::pauli_rotation(std::string(n, 'X'), all, 0.3), gates::mcx(controls, n - 1)});
    const Plan plan = plan_of(circuit, n, PlanOptions{});
    ASSERT_EQ(plan.steps.size(), 2u);
    EXPECT_EQ(plan.steps[0].name(), circuit.operations[0].gate.name);
    EXPECT_EQ(plan.steps[1].name(), circuit.operations[1].gate.name);
}

TEST(Planner, OneStageBringsInEveryQubitOfALayer) {
    // H on each of 4 qubits with 2 inside chunks, one step per gate: the
    // first two start inside (the state is |0000>, any map will do), and one
    // stage of two pairs brings in the other two, the second riding along.
    Circuit circuit;
    circuit.qubits = 4;
    for (unsigned q = 0; q < 4; ++q) {
        Operation op;
        op.gate = gates::h(q);
        op.qubits = {q};
        circuit.operations.push_back(op);
    }
    PlanOptions unfused;
    unfused.fusion = false;
    const Plan plan = plan_of(circuit, 2, unfused);
    EXPECT_EQ(check_placement(plan, 4, 2), 1u);
    const auto exchange = std::find_if(plan.steps.begin(), plan.steps.end(),
                                       [](const Step& s) { return s.as<planning::Exchange>() != nullptr; });
    ASSERT_NE(exchange, plan.steps.end());
    EXPECT_EQ(exchange->as<planning::Exchange>()->pairs.size(), 2u);
    EXPECT_LT(distance(evolve(plan, 4), evolve(circuit)), 1e-12);
}

TEST(Planner, AStepWiderThanTheChunksIsAResourceError) {
    // An explicit layout with 2 qubits inside chunks cannot run a 3-target
    // dense gate: the planner says so before anything runs.
    Circuit circuit;
    circuit.qubits = 4;
    Operation op;
    std::mt19937_64 rng(3);
    op.gate = gates::unitary({0, 1, 2}, qzone::testing::random_unitary(8, rng));
    op.qubits = {0, 1, 2};
    circuit.operations.push_back(op);
    PlanOptions unfused;
    unfused.fusion = false;
    EXPECT_THROW(plan_of(circuit, 2, unfused), ResourceError);
    EXPECT_THROW(plan_of(circuit, 4, PlanOptions{true, 7}), InputError); // width above 6
}
