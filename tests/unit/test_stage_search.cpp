// The exchange-stage search against an exhaustive one: on small instances
// (up to 3 chunk-index qubits, up to 60 steps, several node shapes) the
// stages it chooses cost exactly the optimum found by trying every stage
// before every step; stage volumes by route against hand counts; the
// topology weights keep frequent traffic within a node.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>
#include <runtime/partition_layout.hpp>

#include "planning/chunk_topology.hpp"
#include "planning/stage_search.hpp"

using namespace qzone;
using planning::ChunkTopology;
using planning::StepNeeds;

namespace {

using Placement = std::vector<unsigned>; // the qubit at each chunk-index position

/// The cheapest total stage cost over every possible sequence of stages: a
/// stage may come before any step and exchange any set of chunk-index
/// positions with any in-chunk qubits the step does not need.
double exhaustive_optimum(const std::vector<StepNeeds>& steps, unsigned n, const ChunkTopology& topology) {
    const unsigned g = topology.layout().global_qubits();
    std::map<Placement, double> best;
    // Every start: the state is |0...0>, any map will do.
    std::vector<unsigned> all(n);
    for (unsigned q = 0; q < n; ++q) all[q] = q;
    std::vector<bool> pick(n, false);
    std::fill(pick.begin(), pick.begin() + g, true);
    do {
        Placement chosen;
        for (unsigned q = 0; q < n; ++q)
            if (pick[q]) chosen.push_back(q);
        std::sort(chosen.begin(), chosen.end());
        do best[chosen] = 0; while (std::next_permutation(chosen.begin(), chosen.end()));
    } while (std::prev_permutation(pick.begin(), pick.end()));

    for (const StepNeeds& step : steps) {
        if (step.relabel) {
            std::map<Placement, double> relabelled;
            for (const auto& [original, cost] : best) {
                Placement placement = original;
                for (unsigned& q : placement)
                    q = q == step.relabel->first ? step.relabel->second : q == step.relabel->second ? step.relabel->first : q;
                auto [at, fresh] = relabelled.emplace(placement, cost);
                if (!fresh) at->second = std::min(at->second, cost);
            }
            best = std::move(relabelled);
        }
        std::map<Placement, double> next;
        const auto offer = [&](const Placement& placement, double cost) {
            for (unsigned q : step.qubits)
                if (std::find(placement.begin(), placement.end(), q) != placement.end()) return;
            auto [at, fresh] = next.emplace(placement, cost);
            if (!fresh) at->second = std::min(at->second, cost);
        };
        for (const auto& [placement, cost] : best) {
            std::vector<unsigned> free; // in-chunk qubits the step does not need
            for (unsigned q = 0; q < n; ++q)
                if (std::find(placement.begin(), placement.end(), q) == placement.end() &&
                    std::find(step.qubits.begin(), step.qubits.end(), q) == step.qubits.end())
                    free.push_back(q);
            for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << g); ++mask) {
                std::vector<unsigned> bits;
                for (unsigned b = 0; b < g; ++b)
                    if (mask >> b & 1) bits.push_back(b);
                const double stage = mask == 0 ? 0 : topology.stage_cost(mask);
                // Every injection of free qubits into the exchanged positions.
                std::vector<unsigned> chosen(bits.size());
                const std::function<void(std::size_t, std::uint64_t)> assign = [&](std::size_t j, std::uint64_t used) {
                    if (j == bits.size()) {
                        Placement moved = placement;
                        for (std::size_t k = 0; k < bits.size(); ++k) moved[bits[k]] = chosen[k];
                        offer(moved, cost + stage);
                        return;
                    }
                    for (std::size_t f = 0; f < free.size(); ++f)
                        if (!(used >> f & 1)) {
                            chosen[j] = free[f];
                            assign(j + 1, used | std::uint64_t{1} << f);
                        }
                };
                assign(0, 0);
            }
        }
        best = std::move(next);
    }
    double optimum = std::numeric_limits<double>::infinity();
    for (const auto& [placement, cost] : best) optimum = std::min(optimum, cost);
    return optimum;
}

/// The choice's stages replayed on its start: each must bring in qubits that
/// were outside for ones inside, every step must find its qubits inside, and
/// the costs must add up to what the search reports.
double replayed_cost(const std::vector<StepNeeds>& steps, const planning::StageChoice& choice, unsigned n,
                     const ChunkTopology& topology) {
    const unsigned local = topology.layout().local_qubits();
    QubitMap map = choice.initial_map.value_or(QubitMap(n));
    double cost = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].relabel) map.swap_positions(map.position(steps[i].relabel->first), map.position(steps[i].relabel->second));
        std::uint64_t mask = 0;
        for (const auto& [in, out] : choice.stages[i]) {
            EXPECT_GE(map.position(in), local);
            EXPECT_LT(map.position(out), local);
            mask |= std::uint64_t{1} << (map.position(in) - local);
            map.swap_positions(map.position(in), map.position(out));
        }
        if (mask != 0) cost += topology.stage_cost(mask);
        for (unsigned q : steps[i].qubits) EXPECT_LT(map.position(q), local) << "step " << i << " qubit " << q;
    }
    return cost;
}

std::vector<StepNeeds> random_steps(unsigned n, std::size_t count, std::mt19937_64& rng) {
    std::vector<StepNeeds> steps(count);
    std::uniform_int_distribution<unsigned> qubit(0, n - 1), kind(0, 9);
    for (StepNeeds& step : steps) {
        const unsigned k = kind(rng);
        const unsigned a = qubit(rng);
        unsigned b = qubit(rng);
        while (b == a) b = qubit(rng);
        if (k == 0) step.relabel = std::pair{a, b};       // a swap: relabels, needs nothing
        else if (k <= 2) continue;                        // a diagonal: needs nothing
        else if (k <= 6) step.qubits = {a};
        else step.qubits = {a, b};
    }
    return steps;
}

std::string name_of_step(std::size_t i) { return "step " + std::to_string(i); }

} // namespace

TEST(StageSearch, VolumesByRouteAreTheHandCounts) {
    // 4 qubits, 4 ranks with a chunk each, 2 ranks per node: chunk bit 0
    // pairs ranks of one node, bit 1 ranks of different nodes. A 1-qubit
    // stage sends half of every chunk (4 chunks of 4 amplitudes, 16 bytes
    // each: 4 * 2 * 16 bytes); a 2-qubit stage sends 3/4.
    const ChunkTopology topology = ChunkTopology::packed(PartitionLayout::balanced(4, 4, 2), 2, false, 16);
    EXPECT_EQ(topology.nodes(), 2u);
    EXPECT_DOUBLE_EQ(topology.stage(0b01).within_nodes, 4 * 2 * 16);
    EXPECT_DOUBLE_EQ(topology.stage(0b01).between_nodes, 0);
    EXPECT_DOUBLE_EQ(topology.stage(0b10).between_nodes, 4 * 2 * 16);
    EXPECT_DOUBLE_EQ(topology.stage(0b11).within_nodes, 4 * 1 * 16);
    EXPECT_DOUBLE_EQ(topology.stage(0b11).between_nodes, 4 * 2 * 16);
    EXPECT_DOUBLE_EQ(topology.stage(0b11).through_mpi, 4 * 3 * 16);
    EXPECT_EQ(topology.stage(0b11).busiest_messages, 3u);
    // With node-shared memory the pairs within a node leave MPI.
    const ChunkTopology shared = ChunkTopology::packed(PartitionLayout::balanced(4, 4, 2), 2, true, 16);
    EXPECT_DOUBLE_EQ(shared.stage(0b11).through_mpi, 4 * 2 * 16);
    EXPECT_EQ(shared.stage(0b11).busiest_messages, 2u);
    // 3 ranks with 1, 2, 1 of 4 chunks: of the 12 pieces of 16 bytes a
    // 2-qubit stage sends, chunks 1 and 2 trade theirs in rank 1's memory.
    const PartitionLayout three = PartitionLayout::balanced(4, 3, 2);
    ASSERT_EQ(three.chunk_count_of(1), 2u);
    ASSERT_EQ(three.first_chunk_of(1), 1u);
    const ChunkTopology uneven = ChunkTopology::packed(three, 3, false, 16);
    EXPECT_DOUBLE_EQ(uneven.stage(0b11).in_memory, 2 * 16);
    EXPECT_DOUBLE_EQ(uneven.stage(0b11).within_nodes, 10 * 16);
    EXPECT_THROW(ChunkTopology::packed(PartitionLayout::balanced(4, 4, 2), 0, false, 16), InputError);
}

TEST(StageSearch, VolumesByFormulaAreThoseCountedPairByPair) {
    // Packed nodes of a power-of-two size and equal power-of-two chunks per
    // rank take the formula; the same nodes numbered backwards take the
    // count over chunk pairs. Every stage must agree on every figure.
    for (std::size_t per_node : {1, 2, 4})
        for (bool shared : {false, true}) {
            const PartitionLayout layout = PartitionLayout::balanced(10, 8, 4); // 2 chunks per rank
            const ChunkTopology formula = ChunkTopology::packed(layout, per_node, shared, 16);
            std::vector<std::size_t> backwards(8);
            for (std::size_t r = 0; r < 8; ++r) backwards[r] = (8 / per_node - 1) - r / per_node;
            const ChunkTopology counted(layout, backwards, shared, 16);
            EXPECT_EQ(formula.widest_cheap_stage(), 64u);
            EXPECT_LT(counted.widest_cheap_stage(), 64u);
            for (std::uint64_t mask = 1; mask < 16; ++mask) {
                const planning::StageVolume& a = formula.stage(mask);
                const planning::StageVolume& b = counted.stage(mask);
                EXPECT_DOUBLE_EQ(a.in_memory, b.in_memory) << mask;
                EXPECT_DOUBLE_EQ(a.within_nodes, b.within_nodes) << mask;
                EXPECT_DOUBLE_EQ(a.between_nodes, b.between_nodes) << mask;
                EXPECT_DOUBLE_EQ(a.through_mpi, b.through_mpi) << mask;
                EXPECT_DOUBLE_EQ(a.busiest_memory, b.busiest_memory) << mask;
                EXPECT_DOUBLE_EQ(a.busiest_within, b.busiest_within) << mask;
                EXPECT_DOUBLE_EQ(a.busiest_between, b.busiest_between) << mask;
                EXPECT_EQ(a.busiest_messages, b.busiest_messages) << mask;
            }
        }
}

TEST(StageSearch, SmallInstancesCostTheExhaustiveOptimum) {
    struct Shape {
        unsigned qubits, global;
        std::size_t ranks, ranks_per_node;
        bool shared;
    };
    const std::vector<Shape> shapes = {
        {5, 1, 2, 1, false}, {6, 2, 4, 1, false}, {6, 2, 4, 2, false}, {6, 2, 4, 2, true},
        {6, 2, 3, 3, false}, {7, 3, 8, 2, false}, {7, 3, 8, 4, false}, {7, 3, 6, 2, false}};
    std::mt19937_64 rng(22);
    int instances = 0;
    for (const Shape& shape : shapes)
        for (std::size_t count : {12, 30, 45, 60, 60, 60}) {
            const ChunkTopology topology = ChunkTopology::packed(
                PartitionLayout::balanced(shape.qubits, shape.ranks, shape.global), shape.ranks_per_node, shape.shared, 16);
            const std::vector<StepNeeds> steps = random_steps(shape.qubits, count, rng);
            const planning::StageChoice choice =
                planning::choose_stages(steps, QubitMap(shape.qubits), topology, true, name_of_step);
            const double optimum = exhaustive_optimum(steps, shape.qubits, topology);
            EXPECT_NEAR(choice.cost, optimum, 1e-9 * std::max(1.0, optimum))
                << shape.qubits << " qubits, " << shape.ranks << " ranks, " << shape.ranks_per_node
                << " per node, " << count << " steps";
            EXPECT_NEAR(replayed_cost(steps, choice, shape.qubits, topology), choice.cost, 1e-9 * std::max(1.0, optimum));
            ++instances;
        }
    EXPECT_EQ(instances, 48);
}

TEST(StageSearch, FrequentTrafficStaysWithinANode) {
    // 8 qubits on 4 ranks, 2 per node: qubits 6 and 7 start between chunks.
    // Qubit 5 is needed every other step, and qubits 0-4 in turn between:
    // the qubit shuttling in and out should use the chunk bit within a node.
    const ChunkTopology two_nodes = ChunkTopology::packed(PartitionLayout::balanced(8, 4, 2), 2, false, 16);
    std::vector<StepNeeds> steps;
    for (int round = 0; round < 6; ++round)
        for (unsigned q = 0; q < 8; ++q) {
            steps.push_back(StepNeeds{{q, (q + 1) % 8}, std::nullopt});
        }
    const planning::StageChoice choice = planning::choose_stages(steps, QubitMap(8), two_nodes, true, name_of_step);
    double within = 0, between = 0;
    QubitMap map = choice.initial_map.value_or(QubitMap(8));
    for (const auto& stage : choice.stages) {
        std::uint64_t mask = 0;
        for (const auto& [in, out] : stage) {
            mask |= std::uint64_t{1} << (map.position(in) - 6);
            map.swap_positions(map.position(in), map.position(out));
        }
        if (mask == 0) continue;
        within += two_nodes.stage(mask).within_nodes;
        between += two_nodes.stage(mask).between_nodes;
    }
    EXPECT_GT(within, 0);
    EXPECT_LT(between, within) << "the planner should send the frequent traffic within a node";
    EXPECT_NEAR(replayed_cost(steps, choice, 8, two_nodes), choice.cost, 1e-9 * choice.cost);
}

TEST(StageSearch, AStepWiderThanTheChunksNamesTheStep) {
    const ChunkTopology topology = ChunkTopology::packed(PartitionLayout::balanced(4, 4, 2), 1, false, 16);
    const std::vector<StepNeeds> steps = {StepNeeds{{0}, std::nullopt}, StepNeeds{{0, 1, 2}, std::nullopt}};
    try {
        planning::choose_stages(steps, QubitMap(4), topology, true, name_of_step);
        FAIL() << "no error";
    } catch (const ResourceError& e) {
        EXPECT_NE(std::string(e.what()).find("step 'step 1' needs 3 qubits inside chunks but the layout has only 2"),
                  std::string::npos) << e.what();
    }
}
