// The cost model without measuring: its text form round trips and refuses
// what is not one (naming the source and line); the regime follows the
// whole state's size; fusion and sweeps follow the costs they are given.

#include <string>
#include <type_traits>

#include <gtest/gtest.h>

#include <runtime/cost_model.hpp>
#include <runtime/gate.hpp>
#include <runtime/qubit_map.hpp>

#include "planning/cost_model.hpp"
#include "planning/planner.hpp"
#include "planning/sweeps.hpp"
#include "random_circuit.hpp"

using namespace qzone;

namespace {

std::string error_of(const std::string& text) {
    try {
        cost_model_from_text(text, "costs.txt");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

/// Dense blocks by width in the plan of `circuit` (all qubits in one chunk)
/// under `model`; permutation blocks (priced as diagonals) are not counted.
std::vector<std::size_t> blocks_by_width(const Circuit& circuit, const CostModel& model) {
    planning::PlanRequest request(planning::ChunkTopology::packed(PartitionLayout::balanced(circuit.qubits, 1), 1,
                                                                  false, 16));
    request.end = circuit.operations.size();
    request.cut_after = [](std::size_t) { return false; };
    request.start = QubitMap(circuit.qubits);
    PlanOptions options;
    options.cost_model = model;
    std::vector<std::size_t> widths(7, 0);
    for (const planning::Step& step : planning::plan_operations(circuit, request, options).steps)
        planning::for_each_block(step, [&](const auto& block) {
            if constexpr (std::is_same_v<std::decay_t<decltype(block)>, planning::DenseBlock>)
                widths[block.qubits.size()] += !block.permutation;
        });
    return widths;
}

} // namespace

TEST(CostModel, TextRoundTripsAndNamesItsSource) {
    const CostModel model = builtin_cost_model();
    const CostModel read = cost_model_from_text(to_text(model), "here");
    EXPECT_TRUE(read.same_costs(model));
    EXPECT_EQ(read.source, "here");
    EXPECT_EQ(to_text(read), to_text(model));
    // Comments and blank lines anywhere.
    EXPECT_TRUE(cost_model_from_text("# mine\n\n" + to_text(model) + "\n# end\n", "x").same_costs(model));
}

TEST(CostModel, WhatIsNotAModelIsRefusedWithItsLine) {
    const std::string good_rows = "in_memory 1 1.1 1.4 2.4 5.3 11 1.2\nin_cache 1 1 1.5 2.9 7.1 18 0.9\n";
    EXPECT_EQ(error_of(""), "costs.txt: not a cost model: the first line must be 'qzone-cost-model 1'");
    EXPECT_EQ(error_of("qzone-cost-model 2\n"),
              "costs.txt, line 1: not a cost model: the first line must be 'qzone-cost-model 1'");
    EXPECT_EQ(error_of("qzone-cost-model 1\n" + good_rows), "costs.txt, line 2: expected 'cache_bytes N'");
    EXPECT_EQ(error_of("qzone-cost-model 1\ncache_bytes 1e6\n" + good_rows),
              "costs.txt, line 3: expected 'sweep_pass X'");
    EXPECT_EQ(error_of("qzone-cost-model 1\ncache_bytes 1e6\nsweep_pass 1\nin_memory 1 1.1 1.4\n"),
              "costs.txt, line 4: expected 'in_memory' and 7 costs (dense blocks on 1 to 6 qubits, a diagonal)");
    EXPECT_EQ(error_of("qzone-cost-model 1\ncache_bytes 1e6\nsweep_pass 1\nin_memory 1 1.1 nan 2.4 5.3 11 1.2\n"),
              "costs.txt, line 4: 'nan' is not a positive number");
    EXPECT_EQ(error_of("qzone-cost-model 1\ncache_bytes 1e6\nsweep_pass 1\nin_memory 1 1.1 -1.4 2.4 5.3 11 1.2\n"),
              "costs.txt, line 4: '-1.4' is not a positive number");
    EXPECT_EQ(error_of("qzone-cost-model 1\ncache_bytes 1e6\nsweep_pass 1\nin_memory 2 1.1 1.4 2.4 5.3 11 1.2\n"),
              "costs.txt, line 4: the one-qubit pass beyond the caches is the unit: its cost must be 1");
    EXPECT_EQ(error_of("qzone-cost-model 1\ncache_bytes 1e6\nsweep_pass 1\n" + good_rows + "more\n"),
              "costs.txt, line 6: unexpected text after the in_cache line");
    EXPECT_EQ(error_of("qzone-cost-model 1\ncache_bytes 1e6\nsweep_pass 1\n" + good_rows), "");
}

TEST(CostModel, TheWholeStateChoosesTheRegime) {
    CostModel model = builtin_cost_model();
    model.cache_bytes = 1 << 20;
    EXPECT_EQ(&model.for_state(1 << 20), &model.in_cache);
    EXPECT_EQ(&model.for_state((1 << 20) + 1), &model.in_memory);
}

TEST(CostModel, FusionFollowsTheCosts) {
    const unsigned n = 12;
    const Circuit circuit = qzone::testing::as_circuit(n, qzone::testing::random_circuit(n, 200, 5));
    // Wide blocks dear: nothing wider than two qubits; cheap: blocks of 4 and more.
    CostModel narrow = builtin_cost_model(), wide = builtin_cost_model();
    for (CostModel* model : {&narrow, &wide}) model->cache_bytes = 0;
    narrow.in_memory.dense = {0, 1, 1.5, 50, 100, 200, 400};
    wide.in_memory.dense = {0, 1, 1, 1, 1, 1.5, 2};
    EXPECT_EQ(planning::default_fusion_width(narrow.in_memory), 2u);
    EXPECT_EQ(planning::default_fusion_width(wide.in_memory), 6u);
    const std::vector<std::size_t> few = blocks_by_width(circuit, narrow), many = blocks_by_width(circuit, wide);
    EXPECT_EQ(few[3] + few[4] + few[5] + few[6], 0u);
    EXPECT_GT(many[4] + many[5] + many[6], 0u);
    // The in-cache costs apply to a state that fits: 2^12 amplitudes of 16 bytes.
    CostModel in_cache = wide;
    in_cache.cache_bytes = std::uint64_t{16} << n;
    in_cache.in_cache = narrow.in_memory;
    EXPECT_EQ(blocks_by_width(circuit, in_cache), few);
}

TEST(CostModel, SweepsGatherRunsOfBlocksWhereTheyPay) {
    // Dense blocks on qubits 0-1, 2-3, 4-5, 6-7, then one on 8 and 13: with
    // tiles of 2^16 amplitudes a sweep takes 9 qubits, so the run breaks there.
    // First with those qubits at positions 16-29 of 30 (tiles fetched).
    std::vector<planning::Step> steps;
    const auto dense = [&](unsigned a, unsigned b) {
        planning::Step step;
        step.action = planning::DenseBlock{{a, b}, std::vector<std::complex<double>>(16, 0.25)};
        step.operations = 1;
        steps.push_back(step);
    };
    for (unsigned q = 0; q < 8; q += 2) dense(q, q + 1);
    dense(8, 13);
    PassCosts memory, cache;
    memory.dense = {0, 1, 1, 1, 1, 1, 1};
    cache.dense = {0, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
    memory.diagonal = cache.diagonal = 1;
    QubitMap high(30);
    for (unsigned q = 0; q < 14; ++q) high.swap_positions(q, q + 16);
    EXPECT_EQ(planning::tile_bits_for(2 << 20, 16), 16u);
    EXPECT_EQ(planning::sweep_qubits(16), 9u);
    const std::vector<planning::Step> swept = planning::gather_sweeps(steps, high, 30, 16, memory, cache, 1.0);
    ASSERT_EQ(swept.size(), 2u);
    const auto* sweep = swept[0].as<planning::Sweep>();
    ASSERT_NE(sweep, nullptr);
    EXPECT_EQ(sweep->blocks.size(), 4u);
    EXPECT_EQ(sweep->qubits, (std::vector<unsigned>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(swept[0].operations, 4u);
    EXPECT_NE(swept[1].as<planning::DenseBlock>(), nullptr); // alone: no sweep of one block
    // Where four blocks save no more than the sweep's own pass, none forms.
    EXPECT_EQ(planning::gather_sweeps(steps, high, 30, 16, memory, cache, 4 * 0.8).size(), steps.size());
    // With the qubits at the lowest positions the tiles are worked on in
    // place, whose own pass is what memory adds to a one-qubit pass (0.8):
    // the four blocks' saving (3.2) pays for that, not the lone block's (0.8).
    const std::vector<planning::Step> in_place =
        planning::gather_sweeps(steps, QubitMap(30), 30, 16, memory, cache, 4 * 0.8);
    ASSERT_EQ(in_place.size(), 2u);
    EXPECT_NE(in_place[0].as<planning::Sweep>(), nullptr);
    EXPECT_NE(in_place[1].as<planning::DenseBlock>(), nullptr);
    // What plan_cost makes of them: five passes unswept; a fetched sweep (its
    // pass 1 and four blocks at 0.2) and the lone block (1); in place, the
    // sweep's pass is 0.8.
    EXPECT_DOUBLE_EQ(planning::plan_cost(steps, high, 30, 16, memory, cache, 1.0), 5.0);
    EXPECT_DOUBLE_EQ(planning::plan_cost(swept, high, 30, 16, memory, cache, 1.0), 1.0 + 4 * 0.2 + 1.0);
    EXPECT_DOUBLE_EQ(planning::plan_cost(in_place, QubitMap(30), 30, 16, memory, cache, 4 * 0.8),
                     0.8 + 4 * 0.2 + 1.0);
    // A step boundary ends a sweep, which takes its mark; the next starts
    // afresh (and now has room for the block on 8 and 13).
    steps[1].completes = 2;
    const std::vector<planning::Step> cut = planning::gather_sweeps(steps, high, 30, 16, memory, cache, 1.0);
    ASSERT_EQ(cut.size(), 2u);
    EXPECT_EQ(cut[0].completes, std::optional<std::size_t>(2));
    EXPECT_EQ(cut[0].as<planning::Sweep>()->blocks.size(), 2u);
    EXPECT_EQ(cut[1].as<planning::Sweep>()->blocks.size(), 3u);
}
