#pragma once
/// @file batch.hpp
/// Many circuits over groups of ranks: the world is split into groups, each
/// group simulates one task at a time on its own RuntimeView, and a free
/// group claims the next task, so tasks of uneven cost balance.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/errors.hpp>
#include <runtime/run.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone {

/// One task: a circuit and what to compute of it.
struct BatchTask {
    std::string id;           ///< names the task in outcomes; unique within a batch
    std::string circuit_path; ///< an OpenQASM file, read by the group's rank 0 ...
    std::string qasm;         ///< ... or the program itself (when circuit_path is empty)
    std::map<std::string, double> parameters; ///< values of the program's inputs (see parse_qasm)
    RunOptions options;       ///< shots, seed, probabilities, expectations, state and plan options
};

/// Tasks made when a group claims them: `count` tasks, task i being make(i),
/// which must give the same task on every rank and at every call. A sweep of
/// a million points then holds one task at a time, not a million copies of
/// its circuit.
struct GeneratedTasks {
    std::size_t count = 0;
    std::function<BatchTask(std::size_t index)> make;
};

/// How a batch runs.
struct BatchOptions {
    /// Ranks per group: rank r joins group r / group_size, so when the rank
    /// count is not a multiple, the last group has the remainder.
    std::size_t group_size = 1;
    /// A failed task is run again, by the same group, up to this many times.
    unsigned retries = 0;
    /// Polled by every group between tasks (reduced over the group): true
    /// on any rank ends the batch for every group (as close() does); tasks
    /// in flight finish first.
    std::function<bool()> stop_requested;
    /// Polled by tasks in flight at their plan boundaries (within 64
    /// operations) and between shots, reduced over the group: true stops the
    /// task there, unfinished; it counts as not run (a restart runs it again),
    /// and the batch ends for every group as with stop_requested. For a
    /// termination that will not wait long (SIGTERM before a SIGKILL).
    std::function<bool()> interrupt_requested;
    /// A task attempt running longer than this many seconds is stopped (at
    /// its next plan boundary, within 64 operations, or shot) and fails;
    /// its group goes on with the next task. 0: no limit.
    double task_timeout_seconds = 0;
};

/// What became of one task (after its last attempt).
struct TaskOutcome {
    std::size_t index = 0;      ///< position in the task list
    std::string id;
    unsigned attempt = 1;       ///< 1: the first run
    std::size_t group = 0;      ///< the group that ran it
    std::size_t group_ranks = 0;
    bool completed = false;
    ErrorKind error_kind = ErrorKind::internal; ///< when not completed
    std::string error;          ///< when not completed: the message
    const BatchTask* task = nullptr;  ///< the task as run: valid until the next call of next()
    const Circuit* circuit = nullptr; ///< when completed: valid until the next call of next()
    RunResult result;           ///< when completed
    double seconds = 0;         ///< wall time of all attempts
};

/// The batch as a whole, the same on every rank.
struct BatchSummary {
    std::size_t completed = 0, failed = 0;
    std::size_t not_run = 0;         ///< cancelled, or left when a stop was requested
    std::size_t groups = 0;
    double seconds = 0;              ///< wall time of the batch
    double task_seconds_min = 0, task_seconds_mean = 0, task_seconds_max = 0; ///< over tasks run
    std::vector<double> group_busy_fraction; ///< per group: time in tasks / the batch's wall time
};

/// A batch an embedding program drives: submit tasks, start, then take each
/// group's outcomes as they complete with next(), cancel tasks no group has
/// started, finish. A free group claims the next pending task with MPI
/// one-sided atomics on rank 0 of `world` (no rank serves requests while it
/// simulates), so tasks of uneven cost balance. Each group keeps the files
/// it read and the circuits it parsed (by text and parameter values). A
/// task's failure (bad QASM, an unreadable file, too many qubits for the
/// group's memory, a timeout) is caught, retried as asked and reported in its
/// outcome; it never stops the batch.
///
///     qzone::BatchRunner runner(world, options);
///     for (const auto& task : tasks) runner.submit(task); // every rank, same order
///     runner.start();
///     while (auto outcome = runner.next())                // this rank's group
///         if (runner.group().my_resource_set().mpi_rank() == 0) record(*outcome);
///     const qzone::BatchSummary summary = runner.finish();
class BatchRunner {
public:
    /// Splits `world` into groups (see BatchOptions::group_size), each with
    /// its own RuntimeView. Collective over `world`.
    /// @throw qzone::InputError for a group size of 0; qzone::MpiError.
    BatchRunner(const RuntimeView& world, BatchOptions options);
    /// Collective over `world`: destroy it on every rank together.
    ~BatchRunner();
    BatchRunner(const BatchRunner&) = delete;
    BatchRunner& operator=(const BatchRunner&) = delete;

    /// Adds a task; returns its index. Every rank submits the same tasks in
    /// the same order, all before start(). @throw qzone::InputError after start().
    std::size_t submit(BatchTask task);
    /// Adds `tasks.count` tasks made on demand; returns the index of the
    /// first (task i of `tasks` has index first + i). As submit().
    /// @throw qzone::InputError after start() or without a make function.
    std::size_t submit(GeneratedTasks tasks);
    /// Opens the submitted tasks to the groups. Collective over `world`.
    /// @throw qzone::MpiError if MPI fails.
    void start();
    /// Cancels task `index` if no group has claimed it: none will. Any rank,
    /// any time after start(); not collective. Returns false if it was
    /// claimed (or cancelled) already.
    bool cancel(std::size_t index);
    /// Runs the next task this rank's group claims and returns its outcome,
    /// the same on every rank of the group (its circuit pointer is valid
    /// until the next call); std::nullopt once no task is left for the group,
    /// after close(), when BatchOptions::stop_requested says so, or when
    /// BatchOptions::interrupt_requested stopped the task. Collective over
    /// the group.
    std::optional<TaskOutcome> next();
    /// Stops every group from claiming more tasks; tasks in flight finish.
    /// Not collective.
    void close();
    /// The view of this rank's group.
    const RuntimeView& group() const;
    /// The summary, the same on every rank; call it after next() returned
    /// std::nullopt. Collective over `world`.
    BatchSummary finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Runs `tasks` with a BatchRunner and calls `on_outcome` once per task on
/// every rank of the group that ran it, with the group's view (write results
/// from its rank 0). If `on_outcome` throws on any rank, no group starts
/// another task and every rank of `world` throws that error (see
/// RuntimeView::raise_together) once the tasks in flight are done.
/// Collective over `world`.
/// @throw qzone::InputError for a group size of 0; qzone::MpiError if MPI
///        fails; what `on_outcome` threw, as above.
BatchSummary run_batch(const RuntimeView& world, const std::vector<BatchTask>& tasks, const BatchOptions& options,
                       const std::function<void(const RuntimeView& group, const TaskOutcome&)>& on_outcome);

/// As above, for tasks made on demand, one list after another (indices in
/// outcomes count through them in order).
BatchSummary run_batch(const RuntimeView& world, const std::vector<GeneratedTasks>& tasks, const BatchOptions& options,
                       const std::function<void(const RuntimeView& group, const TaskOutcome&)>& on_outcome);

} // namespace qzone
