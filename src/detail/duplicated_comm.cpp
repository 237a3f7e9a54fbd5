#include "duplicated_comm.hpp"

#include "mpi_check.hpp"

namespace qzone::detail {

DuplicatedComm::DuplicatedComm(MPI_Comm source) {
    if (source == MPI_COMM_NULL) return;
    check_mpi(MPI_Comm_dup(source, &comm_), "MPI_Comm_dup");
    const int code = MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
    if (code != MPI_SUCCESS) {
        MPI_Comm_free(&comm_);
        check_mpi(code, "MPI_Comm_set_errhandler");
    }
}

DuplicatedComm::~DuplicatedComm() noexcept {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (comm_ != MPI_COMM_NULL && !finalized) MPI_Comm_free(&comm_);
}

} // namespace qzone::detail
