#pragma once
// Private: the collective check behind RuntimeView::agree.

#include <string>

#include <mpi.h>

#include <runtime/errors.hpp>

namespace qzone::detail {

/// Returns on every rank if `ok` holds on every rank of `comm`; otherwise
/// every rank throws the same qzone::AgreementError (of `kind`), naming each failing rank
/// with its `what` (ranks with the same reason are listed together).
/// Costs one all-reduce of a bool when every rank is fine.
void agree(MPI_Comm comm, bool ok, const std::string& what, ErrorKind kind);

} // namespace qzone::detail
