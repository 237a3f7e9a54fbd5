#pragma once
// The executable's exit codes (docs/errors.md): the same on every rank.

#include <runtime/errors.hpp>

namespace qzone::app {

enum ExitCode : int {
    exit_success = 0,
    exit_failure = 1,          ///< MPI failed, or a bug in qzone (ErrorKind::mpi, internal)
    exit_bad_input = 2,        ///< options, circuit, request, unusable checkpoints (ErrorKind::input)
    exit_interrupted = 3,      ///< stopped by SIGTERM/SIGUSR1 after writing a checkpoint
    exit_replay_diverged = 4,  ///< --replay verify: the run does not match the recording
    exit_io = 5,               ///< a file could not be written: output, checkpoint, replay (ErrorKind::io)
    exit_resources = 6,        ///< the run does not fit: memory, devices (ErrorKind::resource)
    exit_tasks_failed = 7,     ///< qzone batch: every task ran, some failed (their results say why)
};

/// The exit code of a failure of `kind`.
ExitCode exit_code(ErrorKind kind) noexcept;

} // namespace qzone::app
