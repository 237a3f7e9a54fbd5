#pragma once
// Private: turns MPI return codes into exceptions.

#include <mpi.h>

#include <runtime/errors.hpp>

namespace qzone::detail {

/// @throw qzone::MpiError naming `call` unless `code` is MPI_SUCCESS.
inline void check_mpi(int code, const char* call) {
    if (code != MPI_SUCCESS) throw MpiError(call, code);
}

} // namespace qzone::detail
