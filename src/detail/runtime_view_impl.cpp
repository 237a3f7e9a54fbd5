#include "runtime_view_impl.hpp"

#include <exception>

#include "agreement.hpp"
#include "mpi_check.hpp"

namespace qzone::detail {
namespace {

std::size_t rank_in(MPI_Comm comm) {
    if (comm == MPI_COMM_NULL) return 0;
    int rank = 0;
    check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    return static_cast<std::size_t>(rank);
}

} // namespace

RuntimeViewImpl::RuntimeViewImpl(int argc, char** argv, MPI_Comm source)
    : lifetime(argc, argv), comm(source), logger(rank_in(comm.get())) {
    // A bad environment on any rank (Kokkos' or the logger's) stops every
    // rank with the same error.
    std::exception_ptr failure = lifetime.kokkos_failure();
    if (!failure) try {
            logger.configure_from_environment();
        } catch (...) {
            failure = std::current_exception();
        }
    if (comm.get() == MPI_COMM_NULL) {
        if (failure) std::rethrow_exception(failure);
        return;
    }
    if (failure) try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            // Environments differ between ranks: name the one that failed.
            const auto [kind, message] = describe(e);
            failure = std::make_exception_ptr(Error("rank " + std::to_string(rank_in(comm.get())) + ": " + message, kind));
        }
    raise_together(comm.get(), failure);
    topology = discover_topology(comm.get());
    logger.debug("runtime view of ", topology.resource_sets.size(), " ranks on ", topology.node_count,
                 " nodes; started MPI: ", lifetime.started_mpi(), ", started Kokkos: ", lifetime.started_kokkos());
    if (!topology.why_no_gpus.empty()) logger.debug("no GPU on this rank: ", topology.why_no_gpus);
}

RuntimeViewImpl::~RuntimeViewImpl() noexcept {
    run_callbacks();
    logger.flush();
}

void RuntimeViewImpl::run_callbacks() noexcept {
    while (!callbacks.empty()) {
        const std::function<void()> callback = std::move(callbacks.back());
        callbacks.pop_back();
        try {
            callback();
        } catch (const std::exception& e) {
            logger.error("a finalization callback threw: ", e.what());
        } catch (...) {
            logger.error("a finalization callback threw a non-standard exception");
        }
    }
}

} // namespace qzone::detail
