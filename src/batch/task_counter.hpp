#pragma once
// Private (batch): the next task to claim, one counter for the whole world
// on its rank 0, advanced with MPI_Fetch_and_op so that no rank has to serve
// requests while it simulates.

#include <cstdint>

#include <mpi.h>

namespace qzone::batch {

class TaskCounter {
public:
    /// Collective over `comm`. @throw qzone::MpiError if MPI fails.
    explicit TaskCounter(MPI_Comm comm);
    ~TaskCounter();
    TaskCounter(const TaskCounter&) = delete;
    TaskCounter& operator=(const TaskCounter&) = delete;

    /// The counter's value before adding 1: each value goes to exactly one
    /// caller. Not collective. @throw qzone::MpiError if MPI fails.
    std::uint64_t claim();

    /// Makes every later claim() return a value past any task list, so that
    /// all groups stop taking tasks. Not collective.
    /// @throw qzone::MpiError if MPI fails.
    void close();

private:
    MPI_Win window_ = MPI_WIN_NULL;
};

} // namespace qzone::batch
