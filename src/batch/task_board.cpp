#include "task_board.hpp"

#include <vector>

#include "../detail/mpi_check.hpp"

namespace qzone::batch {
namespace {

enum State : std::int32_t { pending = 0, claimed = 1, cancelled = 2 };

// Layout of the window on rank 0, in bytes: the counter, then one state per task.
constexpr MPI_Aint counter_at = 0;
constexpr MPI_Aint states_at = sizeof(std::uint64_t);

/// A passive-target epoch on rank 0 around `work`.
template<typename Work>
void on_board(MPI_Win window, Work&& work) {
    detail::check_mpi(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window), "MPI_Win_lock");
    work();
    detail::check_mpi(MPI_Win_unlock(0, window), "MPI_Win_unlock");
}

} // namespace

TaskBoard::TaskBoard(MPI_Comm comm, std::size_t tasks) : tasks_(tasks) {
    int rank = 0;
    detail::check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    void* base = nullptr;
    const MPI_Aint bytes = rank == 0 ? states_at + static_cast<MPI_Aint>(tasks * sizeof(std::int32_t)) : 0;
    detail::check_mpi(MPI_Win_allocate(bytes, 1, MPI_INFO_NULL, comm, &base, &window_), "MPI_Win_allocate");
    // Rank 0 clears the board through MPI (right under any memory model);
    // everybody sees it clear before anybody claims.
    if (rank == 0) {
        const std::uint64_t zero = 0;
        const std::vector<std::int32_t> states(tasks, pending);
        detail::check_mpi(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_), "MPI_Win_lock");
        detail::check_mpi(MPI_Put(&zero, 1, MPI_UINT64_T, 0, counter_at, 1, MPI_UINT64_T, window_), "MPI_Put");
        if (tasks > 0)
            detail::check_mpi(MPI_Put(states.data(), static_cast<int>(tasks), MPI_INT32_T, 0, states_at,
                                      static_cast<int>(tasks), MPI_INT32_T, window_),
                              "MPI_Put");
        detail::check_mpi(MPI_Win_unlock(0, window_), "MPI_Win_unlock");
    }
    detail::check_mpi(MPI_Barrier(comm), "MPI_Barrier");
}

TaskBoard::~TaskBoard() {
    if (window_ != MPI_WIN_NULL) MPI_Win_free(&window_);
}

std::int32_t TaskBoard::compare_and_swap(std::uint64_t task, std::int32_t expected, std::int32_t desired) {
    std::int32_t found = 0;
    on_board(window_, [&] {
        detail::check_mpi(MPI_Compare_and_swap(&desired, &expected, &found, MPI_INT32_T, 0,
                                               states_at + static_cast<MPI_Aint>(task * sizeof(std::int32_t)), window_),
                          "MPI_Compare_and_swap");
    });
    return found;
}

std::uint64_t TaskBoard::claim() {
    for (;;) {
        const std::uint64_t one = 1;
        std::uint64_t next = 0;
        on_board(window_, [&] {
            detail::check_mpi(MPI_Fetch_and_op(&one, &next, MPI_UINT64_T, 0, counter_at, MPI_SUM, window_),
                              "MPI_Fetch_and_op");
        });
        if (next >= tasks_ || compare_and_swap(next, pending, claimed) == pending) return next;
        // Cancelled before anybody claimed it: on to the next.
    }
}

bool TaskBoard::cancel(std::uint64_t task) {
    return task < tasks_ && compare_and_swap(task, pending, cancelled) == pending;
}

void TaskBoard::close() {
    const std::uint64_t past_every_task = std::uint64_t{1} << 62;
    std::uint64_t before = 0;
    on_board(window_, [&] {
        detail::check_mpi(MPI_Fetch_and_op(&past_every_task, &before, MPI_UINT64_T, 0, counter_at, MPI_REPLACE, window_),
                          "MPI_Fetch_and_op");
    });
}

} // namespace qzone::batch
