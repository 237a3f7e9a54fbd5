#include "launch_rank.hpp"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace qzone::app {

bool launched_as_rank_zero() noexcept {
    // Open MPI, PMIx (Open MPI 5, Slurm), PMI (MPICH, Intel MPI), Slurm's srun.
    for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"})
        if (const char* rank = std::getenv(name); rank != nullptr && *rank != '\0') return std::strcmp(rank, "0") == 0;
    return true;
}

} // namespace qzone::app
