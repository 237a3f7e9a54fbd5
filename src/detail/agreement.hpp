#pragma once
// Private: the collective check behind RuntimeView::agree.

#include <exception>
#include <string>

#include <mpi.h>

#include <runtime/errors.hpp>

namespace qzone::detail {

/// Returns on every rank if `ok` holds on every rank of `comm`; otherwise
/// every rank throws the same qzone::AgreementError (of `kind`), naming each failing rank
/// with its `what` (ranks with the same reason are listed together).
/// Costs one all-reduce of a bool when every rank is fine.
void agree(MPI_Comm comm, bool ok, const std::string& what, ErrorKind kind);

/// Every rank passes its error message ("" if none); every rank gets the
/// first non-empty one in rank order, or "" if all are empty. One all-reduce
/// of a bool when nobody failed.
std::string first_error(MPI_Comm comm, const std::string& error);

/// Returns on every rank if no rank has a `failure`; otherwise every rank
/// throws the lowest failing rank's error, of the same kind (describe()) with
/// the same message.
void raise_together(MPI_Comm comm, const std::exception_ptr& failure);

} // namespace qzone::detail
