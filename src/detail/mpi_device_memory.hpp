#pragma once
// Private: whether the MPI library can send and receive from device memory.

namespace qzone::detail {

/// True when the MPI library in use (asked at run time where it can say)
/// accepts CUDA device pointers in point-to-point calls. Open MPI answers
/// through MPIX_Query_cuda_support (false when built without CUDA, as
/// Debian's is), MPICH through MPIX_GPU_query_support; any other library
/// counts as not CUDA-aware, so device data is staged through host memory.
bool mpi_accepts_cuda_memory() noexcept;

} // namespace qzone::detail
