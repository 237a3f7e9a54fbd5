#pragma once
// Private: the RuntimeView's own copy of the caller's communicator.

#include <mpi.h>

namespace qzone::detail {

/// MPI_Comm_dup of a communicator, with MPI_ERRORS_RETURN so that failures
/// become exceptions instead of aborts. MPI_COMM_NULL stays MPI_COMM_NULL.
/// Freed on destruction unless MPI is already finalized.
class DuplicatedComm {
public:
    /// Collective over `source`. @throw qzone::MpiError if MPI fails.
    explicit DuplicatedComm(MPI_Comm source);
    DuplicatedComm(const DuplicatedComm&) = delete;
    DuplicatedComm& operator=(const DuplicatedComm&) = delete;
    ~DuplicatedComm() noexcept;

    MPI_Comm get() const noexcept { return comm_; }

private:
    MPI_Comm comm_ = MPI_COMM_NULL;
};

} // namespace qzone::detail
