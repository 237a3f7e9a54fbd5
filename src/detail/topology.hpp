#pragma once
// Private: who runs where, learnt in one collective exchange when a
// RuntimeView is built.

#include <cstddef>
#include <string>
#include <vector>

#include <mpi.h>

#include <runtime/resource_set.hpp>

namespace qzone::detail {

struct Topology {
    std::vector<ResourceSet> resource_sets; ///< one per rank, in rank order
    std::size_t node_count = 0;
    std::string why_no_gpus; ///< why this rank sees no GPU (empty if it sees some)
};

/// Collective over `comm`: every rank describes itself (host, memory, GPUs,
/// node) and every rank receives all descriptions.
/// @throw qzone::MpiError if MPI fails; qzone::AgreementError (on every rank)
///        if some rank cannot read its memory size.
Topology discover_topology(MPI_Comm comm);

} // namespace qzone::detail
