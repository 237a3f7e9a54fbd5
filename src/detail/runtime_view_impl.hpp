#pragma once
// Private: the state all copies of a RuntimeView share.

#include <functional>
#include <vector>

#include <runtime/logger.hpp>

#include "duplicated_comm.hpp"
#include "library_lifetime.hpp"
#include "topology.hpp"

namespace qzone::detail {

/// Members are declared in the order they are set up; C++ destroys them in
/// reverse, which is the teardown order: topology, logger, communicator,
/// then Kokkos and MPI. The callbacks run first, in the destructor's body.
class RuntimeViewImpl {
public:
    /// Collective over `comm`. @throw see RuntimeView's constructors.
    RuntimeViewImpl(int argc, char** argv, MPI_Comm comm);
    RuntimeViewImpl(const RuntimeViewImpl&) = delete;
    RuntimeViewImpl& operator=(const RuntimeViewImpl&) = delete;
    /// Runs the callbacks (last first), then the members tear down.
    ~RuntimeViewImpl() noexcept;

    LibraryLifetime lifetime;
    DuplicatedComm comm;
    Logger logger;
    Topology topology;
    std::vector<std::function<void()>> callbacks;

private:
    void run_callbacks() noexcept;
};

} // namespace qzone::detail
