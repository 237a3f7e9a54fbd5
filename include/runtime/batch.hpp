#pragma once
/// @file batch.hpp
/// Many circuits over groups of ranks: the world is split into groups, each
/// group simulates one task at a time on its own RuntimeView, and a free
/// group claims the next task, so tasks of uneven cost balance.

#include <cstddef>
#include <functional>
#include <map>
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

/// How a batch runs.
struct BatchOptions {
    /// Ranks per group: rank r joins group r / group_size, so when the rank
    /// count is not a multiple, the last group has the remainder.
    std::size_t group_size = 1;
    /// A failed task is run again, by the same group, up to this many times.
    unsigned retries = 0;
    /// Polled by every group between tasks (reduced over the group): true
    /// ends the group's work; tasks in flight finish first.
    std::function<bool()> stop_requested;
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
    const Circuit* circuit = nullptr; ///< when completed: valid during the callback only
    RunResult result;           ///< when completed
    double seconds = 0;         ///< wall time of all attempts
};

/// The batch as a whole, the same on every rank.
struct BatchSummary {
    std::size_t completed = 0, failed = 0;
    std::size_t not_run = 0;         ///< left when a stop was requested
    std::size_t groups = 0;
    double seconds = 0;              ///< wall time of the batch
    double task_seconds_min = 0, task_seconds_mean = 0, task_seconds_max = 0; ///< over tasks run
    std::vector<double> group_busy_fraction; ///< per group: time in tasks / the batch's wall time
};

/// Runs `tasks` over groups of `options.group_size` ranks of `world`.
/// A free group claims the next task with an MPI one-sided fetch-and-add on
/// rank 0 of `world`; each group keeps the files it read and the circuits it
/// parsed (by text and parameter values), so a file shared by many tasks is
/// read once per group, and a circuit shared with the same values parsed
/// once. A task's failure (bad QASM, a file that cannot be read, too many
/// qubits for the group's memory) is caught, retried as asked, and reported
/// in its outcome; it never stops the batch. `on_outcome` is called once per
/// task on every rank of the group that ran it, with the group's view (write
/// results from its rank 0). Collective over `world`.
/// If `on_outcome` throws on any rank, no group starts another task and every
/// rank of `world` throws that error (see RuntimeView::raise_together) once
/// the tasks in flight are done.
/// @throw qzone::InputError for a group size of 0; qzone::MpiError if MPI
///        fails; what `on_outcome` threw, as above.
BatchSummary run_batch(const RuntimeView& world, const std::vector<BatchTask>& tasks, const BatchOptions& options,
                       const std::function<void(const RuntimeView& group, const TaskOutcome&)>& on_outcome);

} // namespace qzone
