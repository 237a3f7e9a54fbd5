// BatchRunner and run_batch: every task once, over any split into groups,
// with the counts run_circuit gives; cancelled tasks never run; a failing
// task fails alone.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/batch.hpp>
#include <runtime/qasm.hpp>

#include "test_world.hpp"

using qzone::testing::world;

namespace {

const std::string bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\ninput float theta;\nqreg q[3];\ncreg c[3];\n"
                         "ry(theta) q[0];\ncx q[0],q[1];\nh q[2];\nmeasure q -> c;\n";

std::vector<qzone::BatchTask> sample_tasks() {
    std::vector<qzone::BatchTask> tasks;
    for (int t = 0; t < 12; ++t) {
        qzone::BatchTask task;
        task.id = "t" + std::to_string(t);
        task.qasm = bell;
        task.parameters = {{"theta", 0.25 * t}};
        task.options.shots = 200;
        task.options.seed = static_cast<std::uint64_t>(t);
        tasks.push_back(task);
    }
    tasks[5].qasm = "OPENQASM 2.0;\nqreg q[1];\nbogus q[0];\n"; // fails, alone
    return tasks;
}

/// (id, counts as text) of every outcome, from every group's rank 0, on every rank.
std::map<std::string, std::string> all_outcomes(const std::vector<std::pair<std::string, std::string>>& mine) {
    std::map<std::string, std::string> all;
    for (const auto& outcomes : world().gather(mine))
        for (const auto& [id, counts] : outcomes) {
            EXPECT_TRUE(all.emplace(id, counts).second) << id << " ran twice";
        }
    return all;
}

std::string text_of(const std::map<std::string, std::size_t>& counts) {
    std::string text;
    for (const auto& [key, n] : counts) text += key + ":" + std::to_string(n) + " ";
    return text;
}

} // namespace

class Batch : public ::testing::TestWithParam<std::size_t> {};

TEST_P(Batch, EveryTaskOnceWithTheCountsOfRunCircuit) {
    const std::vector<qzone::BatchTask> tasks = sample_tasks();
    qzone::BatchOptions options;
    options.group_size = GetParam();
    std::vector<std::pair<std::string, std::string>> mine;
    const qzone::BatchSummary summary =
        qzone::run_batch(world(), tasks, options, [&](const qzone::RuntimeView& group, const qzone::TaskOutcome& o) {
            if (group.my_resource_set().mpi_rank() == 0)
                mine.emplace_back(o.id, o.completed ? text_of(o.result.counts) : "failed: " + o.error);
        });
    const auto outcomes = all_outcomes(mine);
    ASSERT_EQ(outcomes.size(), tasks.size());
    EXPECT_EQ(summary.completed, tasks.size() - 1);
    EXPECT_EQ(summary.failed, 1u);
    EXPECT_EQ(summary.groups, (world().size() + GetParam() - 1) / GetParam());
    for (const qzone::BatchTask& task : tasks) {
        if (task.id == "t5") {
            EXPECT_NE(outcomes.at("t5").find("unknown gate 'bogus'"), std::string::npos) << outcomes.at("t5");
            continue;
        }
        const qzone::Circuit circuit = qzone::parse_qasm(task.qasm, "task", task.parameters);
        EXPECT_EQ(outcomes.at(task.id), text_of(qzone::run_circuit(world(), circuit, task.options).counts)) << task.id;
    }
}

TEST_P(Batch, CancelledTasksNeverRun) {
    const std::vector<qzone::BatchTask> tasks = sample_tasks();
    qzone::BatchOptions options;
    options.group_size = GetParam();
    qzone::BatchRunner runner(world(), options);
    for (const qzone::BatchTask& task : tasks) runner.submit(task);
    EXPECT_THROW(runner.cancel(0), qzone::InputError); // not started
    runner.start();
    // Rank 0 cancels the last three; each cancel says whether it came in time.
    std::vector<int> cancelled(tasks.size(), 0);
    if (world().my_resource_set().mpi_rank() == 0)
        for (std::size_t t = tasks.size() - 3; t < tasks.size(); ++t) cancelled[t] = runner.cancel(t) ? 1 : 0;
    std::vector<std::pair<std::string, std::string>> mine;
    while (const auto outcome = runner.next())
        if (runner.group().my_resource_set().mpi_rank() == 0) mine.emplace_back(outcome->id, "");
    const qzone::BatchSummary summary = runner.finish();
    cancelled = world().at(0).ram().broadcast(cancelled);
    const auto outcomes = all_outcomes(mine);
    for (std::size_t t = 0; t < tasks.size(); ++t)
        EXPECT_EQ(outcomes.count(tasks[t].id), cancelled[t] ? 0u : 1u) << tasks[t].id;
    const auto cancelled_count = static_cast<std::size_t>(std::count(cancelled.begin(), cancelled.end(), 1));
    EXPECT_EQ(summary.not_run, cancelled_count);
    EXPECT_THROW(runner.submit(tasks[0]), qzone::InputError); // started
}

TEST_P(Batch, GeneratedTasksAreMadeWhenClaimedAndRunOnce) {
    // Two lists made on demand, like a manifest's sweeps: each task once,
    // made on the rank that runs it, with the counts of the task itself.
    const std::vector<qzone::BatchTask> tasks = sample_tasks();
    const std::vector<qzone::GeneratedTasks> lists = {
        {5, [&tasks](std::size_t i) { return tasks[i]; }},
        {7, [&tasks](std::size_t i) { return tasks[5 + i]; }},
    };
    qzone::BatchOptions options;
    options.group_size = GetParam();
    std::vector<std::pair<std::string, std::string>> mine;
    const qzone::BatchSummary summary =
        qzone::run_batch(world(), lists, options, [&](const qzone::RuntimeView& group, const qzone::TaskOutcome& o) {
            EXPECT_EQ(o.task->id, tasks.at(o.index).id); // indices count through the lists in order
            if (group.my_resource_set().mpi_rank() == 0)
                mine.emplace_back(o.id, o.completed ? text_of(o.result.counts) : "failed");
        });
    const auto outcomes = all_outcomes(mine);
    ASSERT_EQ(outcomes.size(), tasks.size());
    EXPECT_EQ(summary.completed + summary.failed, tasks.size());
    for (const qzone::BatchTask& task : tasks) {
        if (task.id == "t5") continue;
        const qzone::Circuit circuit = qzone::parse_qasm(task.qasm, "task", task.parameters);
        EXPECT_EQ(outcomes.at(task.id), text_of(qzone::run_circuit(world(), circuit, task.options).counts)) << task.id;
    }
}

INSTANTIATE_TEST_SUITE_P(GroupSizes, Batch, ::testing::Values(std::size_t{1}, std::size_t{2}));
