#pragma once
// SIGTERM and SIGUSR1 (what Slurm sends before a time limit) ask a run with
// checkpoints, or a batch, to stop at the next step boundary. The command
// decides whether it honours them, once its command line is parsed.

namespace qzone::app {

/// Catches SIGTERM and SIGUSR1 from now on and remembers the first that
/// arrives. Call first thing in main: a batch system may signal before MPI
/// is even up, before anyone knows whether the command can stop cleanly.
void catch_stop_signals() noexcept;

/// For commands that cannot stop at a boundary (a run without checkpoints,
/// info): SIGTERM and SIGUSR1 get their default action back (the process
/// ends), and a signal caught before this call takes that action now.
void release_stop_signals() noexcept;

/// Whether a stop signal arrived while caught.
bool stop_requested() noexcept;

/// Whether SIGTERM arrived while caught: a launcher (mpirun, a batch system)
/// kills the process soon after it, so work in flight should stop at its next
/// boundary rather than finish. SIGUSR1 only asks to stop after it.
bool termination_requested() noexcept;

} // namespace qzone::app
