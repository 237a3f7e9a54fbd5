#pragma once
// Private (batch): which tasks are claimed, on the world's rank 0, changed
// only with MPI one-sided atomics, so that no rank has to serve requests
// while it simulates: a counter of the next task, and a state per task
// (pending, claimed, cancelled).

#include <cstddef>
#include <cstdint>

#include <mpi.h>

namespace qzone::batch {

class TaskBoard {
public:
    /// For `tasks` tasks, all pending. Collective over `comm`.
    /// @throw qzone::MpiError if MPI fails.
    TaskBoard(MPI_Comm comm, std::size_t tasks);
    /// Collective over the communicator.
    ~TaskBoard();
    TaskBoard(const TaskBoard&) = delete;
    TaskBoard& operator=(const TaskBoard&) = delete;

    /// The next pending task, now claimed by the caller (each task goes to
    /// one caller only; cancelled ones are passed over), or a value >= the
    /// task count when none is left. Not collective.
    /// @throw qzone::MpiError if MPI fails.
    std::uint64_t claim();

    /// Cancels a pending task; false if it was already claimed (or
    /// cancelled). Not collective. @throw qzone::MpiError if MPI fails.
    bool cancel(std::uint64_t task);

    /// Makes every later claim() find nothing. Not collective.
    /// @throw qzone::MpiError if MPI fails.
    void close();

private:
    /// Atomically: if the state of `task` is `expected`, make it `desired`;
    /// returns the state found.
    std::int32_t compare_and_swap(std::uint64_t task, std::int32_t expected, std::int32_t desired);

    MPI_Win window_ = MPI_WIN_NULL;
    std::uint64_t tasks_;
};

} // namespace qzone::batch
