#include <runtime/batch.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include <runtime/files.hpp>
#include <runtime/qasm.hpp>
#include <runtime/reduce_ops.hpp>

#include "../detail/mpi_check.hpp"
#include "task_counter.hpp"

namespace qzone {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

/// The files a group has read and the circuits it has parsed (by text and
/// parameter values). Bounded: a batch of many different circuits must not
/// keep them all.
class CircuitCache {
public:
    /// The task's circuit, its file read (by the group's rank 0) and the
    /// circuit parsed once. Collective over the group.
    /// @throw qzone::InputError (on every rank of the group) if it cannot be
    ///        read or parsed.
    const Circuit& circuit_of(const RuntimeView& group, const BatchTask& task) {
        const std::string& text = task.circuit_path.empty() ? task.qasm : text_of(group, task.circuit_path);
        std::string key = text;
        for (const auto& [name, value] : task.parameters) {
            key += '\0' + name + '=';
            key.append(reinterpret_cast<const char*>(&value), sizeof(value)); // exact, not printed
        }
        if (const auto found = circuits_.find(key); found != circuits_.end()) return found->second;
        if (circuits_.size() >= capacity) circuits_.clear();
        // Every rank parses the same text, but included files are read by each.
        Circuit circuit;
        std::exception_ptr failure;
        try {
            circuit = parse_qasm(text, task.circuit_path.empty() ? "task " + task.id : task.circuit_path, task.parameters);
        } catch (...) {
            failure = std::current_exception();
        }
        group.raise_together(failure);
        return circuits_.emplace(std::move(key), std::move(circuit)).first->second;
    }

private:
    const std::string& text_of(const RuntimeView& group, const std::string& path) {
        if (const auto found = texts_.find(path); found != texts_.end()) return found->second;
        if (texts_.size() >= capacity) texts_.clear();
        return texts_.emplace(path, files::read_text(group, path, max_circuit_bytes, "the circuit")).first->second;
    }

    static constexpr std::size_t capacity = 16;
    std::map<std::string, std::string> texts_;
    std::map<std::string, Circuit> circuits_;
};

/// What one rank did, reduced into the summary.
struct Tally {
    std::size_t completed = 0, failed = 0;
    double busy = 0, task_min = std::numeric_limits<double>::infinity(), task_max = 0, task_sum = 0;
};

BatchSummary summarize(const RuntimeView& world, const Tally& mine, bool leader, std::size_t group, std::size_t groups,
                       std::size_t tasks, double seconds) {
    // Only group leaders count tasks: every rank of a group saw the same ones.
    const Tally counted = leader ? mine : Tally{};
    BatchSummary summary;
    summary.groups = groups;
    summary.seconds = world.reduce(seconds, max_op{});
    summary.completed = world.reduce(counted.completed, std::plus<>{});
    summary.failed = world.reduce(counted.failed, std::plus<>{});
    summary.not_run = tasks - summary.completed - summary.failed;
    const std::size_t run = summary.completed + summary.failed;
    if (run > 0) {
        summary.task_seconds_min = world.reduce(counted.task_min, min_op{});
        summary.task_seconds_max = world.reduce(counted.task_max, max_op{});
        summary.task_seconds_mean = world.reduce(counted.task_sum, std::plus<>{}) / static_cast<double>(run);
    }
    summary.group_busy_fraction.assign(groups, 0.0);
    std::vector<double> busy(groups, 0.0);
    if (leader) busy[group] = mine.busy;
    busy = world.reduce(std::move(busy), std::plus<>{});
    for (std::size_t g = 0; g < groups; ++g)
        summary.group_busy_fraction[g] = summary.seconds > 0 ? busy[g] / summary.seconds : 0.0;
    return summary;
}

} // namespace

BatchSummary run_batch(const RuntimeView& world, const std::vector<BatchTask>& tasks, const BatchOptions& options,
                       const std::function<void(const RuntimeView& group, const TaskOutcome&)>& on_outcome) {
    if (options.group_size == 0) throw InputError("group size 0: a group needs at least one rank");
    const auto start = Clock::now();
    const std::size_t rank = world.my_resource_set().mpi_rank();
    const std::size_t group_index = rank / options.group_size;
    const std::size_t groups = (world.size() + options.group_size - 1) / options.group_size;
    MPI_Comm split = MPI_COMM_NULL;
    detail::check_mpi(MPI_Comm_split(world.mpi_comm(), static_cast<int>(group_index), static_cast<int>(rank), &split),
                      "MPI_Comm_split");
    Tally tally;
    bool leader = false;
    std::exception_ptr failure; // of on_outcome: ends the batch for every group
    {
        const RuntimeView group(split); // works on its own duplicate
        MPI_Comm_free(&split);
        leader = group.my_resource_set().mpi_rank() == 0;
        batch::TaskCounter counter(world.mpi_comm());
        CircuitCache cache;
        for (;;) {
            if (options.stop_requested && group.reduce(options.stop_requested(), std::logical_or<>{})) break;
            std::uint64_t next = leader ? counter.claim() : 0;
            next = group.at(0).ram().broadcast(next);
            if (next >= tasks.size()) break;
            const BatchTask& task = tasks[next];
            TaskOutcome outcome;
            outcome.index = next;
            outcome.id = task.id;
            outcome.group = group_index;
            outcome.group_ranks = group.size();
            const auto task_start = Clock::now();
            for (unsigned attempt = 1; attempt <= options.retries + 1 && !outcome.completed; ++attempt) {
                outcome.attempt = attempt;
                // Library errors reach every rank of the group together.
                try {
                    const Circuit& circuit = cache.circuit_of(group, task);
                    RunOptions run_options = task.options;
                    if (options.task_timeout_seconds > 0) {
                        const auto attempt_start = Clock::now();
                        run_options.stop_requested = [&options, attempt_start] {
                            return seconds_since(attempt_start) > options.task_timeout_seconds;
                        };
                    }
                    outcome.result = run_circuit(group, circuit, run_options);
                    outcome.circuit = &circuit;
                    outcome.completed = true;
                } catch (const RunInterrupted& e) {
                    outcome.error_kind = ErrorKind::resource;
                    std::ostringstream message;
                    message << "timed out after " << options.task_timeout_seconds << " s (" << e.what() << ")";
                    outcome.error = message.str();
                } catch (const Error& e) {
                    outcome.error_kind = e.kind();
                    outcome.error = e.what();
                }
            }
            outcome.seconds = seconds_since(task_start);
            tally.busy += outcome.seconds;
            tally.task_min = std::min(tally.task_min, outcome.seconds);
            tally.task_max = std::max(tally.task_max, outcome.seconds);
            tally.task_sum += outcome.seconds;
            ++(outcome.completed ? tally.completed : tally.failed);
            // A failure to take the outcome (its rank 0 writes it) stops the
            // group together, and the other groups at their next claim.
            try {
                std::exception_ptr mine;
                try {
                    on_outcome(group, outcome);
                } catch (...) {
                    mine = std::current_exception();
                }
                group.raise_together(mine);
            } catch (...) {
                failure = std::current_exception();
                if (leader) counter.close();
                break;
            }
        }
        // The counter's window is freed collectively over the world here.
    }
    world.raise_together(failure);
    return summarize(world, tally, leader, group_index, groups, tasks.size(), seconds_since(start));
}

} // namespace qzone
