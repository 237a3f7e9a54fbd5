#pragma once
// `qzone batch MANIFEST`: many circuits over groups of ranks, results
// streamed to a JSON Lines file, restartable (docs/batch.md).

#include <cstddef>
#include <string>

#include <runtime/run.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone::app {

/// What `qzone batch` was asked to do.
struct BatchCommand {
    std::string manifest;
    std::string output;
    std::size_t group_size = 1;
    unsigned retries = 0;
    double task_timeout_seconds = 0;
    RunOptions defaults; ///< state and plan options for every task
};

/// How a batch ended, for the exit code.
enum class BatchEnd { all_completed, some_failed, stopped };

/// Runs the batch: tasks already in the output (from an earlier, interrupted
/// run of the same command) are skipped, each finished task is appended to
/// the output and synced as soon as it is done, and rank 0 prints the
/// summary as JSON. Collective.
/// @throw qzone::InputError (on every rank) for an unreadable manifest,
///        duplicate task ids or an output that is not a batch's results;
///        qzone::IoError if a result cannot be written.
BatchEnd run_batch_command(const RuntimeView& rt, const BatchCommand& command);

} // namespace qzone::app
