#pragma once
// The RuntimeView that owns MPI and Kokkos for a whole MPI test program.

#include <runtime/runtime_view.hpp>

namespace qzone::testing {

/// The view built by the MPI test main on MPI_COMM_WORLD.
const RuntimeView& world();

/// This process's rank in world().
std::size_t my_rank();

} // namespace qzone::testing
