#pragma once
// SIGTERM and SIGUSR1 (what Slurm sends before a time limit) ask a run with
// checkpoints to stop at the next step boundary after writing one.

namespace qzone::app {

/// Catches SIGTERM and SIGUSR1 from now on, if the command line asks for
/// checkpoints or runs a batch (otherwise they keep their default action:
/// exit). Call first thing in main: a batch system may signal before MPI is
/// even up.
void catch_stop_signals(int argc, char** argv);

/// Whether a stop signal arrived.
bool stop_requested() noexcept;

} // namespace qzone::app
