#pragma once
// Which process speaks for all when the runtime itself could not start.

namespace qzone::app {

/// Whether the launcher (mpirun, srun, a PMI launcher) started this process
/// as rank 0 of the world, or started it alone. Read from the launcher's
/// environment, without MPI: for errors raised while MPI or Kokkos start,
/// which every rank raises together but only one should print.
bool launched_as_rank_zero() noexcept;

} // namespace qzone::app
