#pragma once
// Private: the state behind RAM and ResourceSet.

#include <cstdint>
#include <string>
#include <vector>

#include <mpi.h>

#include <runtime/gpu.hpp>
#include <runtime/ram.hpp>

namespace qzone::detail {

struct RAMImpl {
    MPI_Comm comm = MPI_COMM_NULL;         ///< the view's communicator (not owned)
    std::size_t rank = 0;
    std::uint64_t total_bytes = 0;
    std::uint64_t available_bytes = 0;     ///< as reported when the view was built
    bool mine = false;
};

struct ResourceSetImpl {
    std::size_t rank = 0;
    std::string hostname;
    std::size_t node_index = 0;
    std::size_t node_local_rank = 0;
    std::size_t host_threads = 1;
    bool mine = false;
    RAM ram;
    std::vector<GPU> gpus;
    int state_device = -1; ///< device_index of the GPU holding the rank's amplitudes; -1: host memory
};

} // namespace qzone::detail
