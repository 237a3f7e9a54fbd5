#include "task_counter.hpp"

#include "../detail/mpi_check.hpp"

namespace qzone::batch {

TaskCounter::TaskCounter(MPI_Comm comm) {
    int rank = 0;
    detail::check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    void* counter = nullptr;
    const MPI_Aint bytes = rank == 0 ? static_cast<MPI_Aint>(sizeof(std::uint64_t)) : 0;
    detail::check_mpi(MPI_Win_allocate(bytes, sizeof(std::uint64_t), MPI_INFO_NULL, comm, &counter, &window_),
                      "MPI_Win_allocate");
    // Rank 0 sets the counter through MPI (right under any memory model);
    // everybody sees the zero before anybody adds to it.
    if (rank == 0) {
        const std::uint64_t zero = 0;
        detail::check_mpi(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_), "MPI_Win_lock");
        detail::check_mpi(MPI_Put(&zero, 1, MPI_UINT64_T, 0, 0, 1, MPI_UINT64_T, window_), "MPI_Put");
        detail::check_mpi(MPI_Win_unlock(0, window_), "MPI_Win_unlock");
    }
    detail::check_mpi(MPI_Barrier(comm), "MPI_Barrier");
}

TaskCounter::~TaskCounter() {
    if (window_ != MPI_WIN_NULL) MPI_Win_free(&window_);
}

std::uint64_t TaskCounter::claim() {
    const std::uint64_t one = 1;
    std::uint64_t before = 0;
    detail::check_mpi(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_), "MPI_Win_lock");
    detail::check_mpi(MPI_Fetch_and_op(&one, &before, MPI_UINT64_T, 0, 0, MPI_SUM, window_), "MPI_Fetch_and_op");
    detail::check_mpi(MPI_Win_unlock(0, window_), "MPI_Win_unlock");
    return before;
}

void TaskCounter::close() {
    const std::uint64_t past_every_task = std::uint64_t{1} << 62;
    std::uint64_t before = 0;
    detail::check_mpi(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_), "MPI_Win_lock");
    detail::check_mpi(MPI_Fetch_and_op(&past_every_task, &before, MPI_UINT64_T, 0, 0, MPI_REPLACE, window_),
                      "MPI_Fetch_and_op");
    detail::check_mpi(MPI_Win_unlock(0, window_), "MPI_Win_unlock");
}

} // namespace qzone::batch
