#include <runtime/runtime_view.hpp>

#include <runtime/errors.hpp>

#include "detail/agreement.hpp"
#include "detail/mpi_check.hpp"
#include "detail/runtime_view_impl.hpp"

namespace qzone {

RuntimeView::RuntimeView() : RuntimeView(0, nullptr, MPI_COMM_WORLD) {}
RuntimeView::RuntimeView(int argc, char** argv) : RuntimeView(argc, argv, MPI_COMM_WORLD) {}
RuntimeView::RuntimeView(mpi_comm_type comm) : RuntimeView(0, nullptr, comm) {}
RuntimeView::RuntimeView(int argc, char** argv, mpi_comm_type comm)
    : impl_(std::make_shared<detail::RuntimeViewImpl>(argc, argv, comm)) {}

RuntimeView::~RuntimeView() noexcept = default;

RuntimeView::size_type RuntimeView::size() const noexcept { return impl_->topology.resource_sets.size(); }

const ResourceSet& RuntimeView::at(size_type rank) const {
    if (rank >= size())
        throw InputError("RuntimeView::at: rank " + std::to_string(rank) + " is out of range for a view of " +
                         std::to_string(size()) + " ranks");
    return impl_->topology.resource_sets[rank];
}

const ResourceSet& RuntimeView::my_resource_set() const {
    return impl_->topology.resource_sets.at(detail::comm_rank(member_comm()));
}

bool RuntimeView::has_me() const noexcept { return impl_->comm.get() != MPI_COMM_NULL; }
RuntimeView::size_type RuntimeView::node_count() const noexcept { return impl_->topology.node_count; }
RuntimeView::mpi_comm_type RuntimeView::mpi_comm() const noexcept { return impl_->comm.get(); }
bool RuntimeView::did_i_start_mpi() const noexcept { return impl_->lifetime.started_mpi(); }
bool RuntimeView::did_i_start_kokkos() const noexcept { return impl_->lifetime.started_kokkos(); }
Logger& RuntimeView::logger() const noexcept { return impl_->logger; }

void RuntimeView::barrier() const { detail::check_mpi(MPI_Barrier(member_comm()), "MPI_Barrier"); }

void RuntimeView::stack_callback(callback_type callback) { impl_->callbacks.push_back(std::move(callback)); }

void RuntimeView::agree(bool ok, const std::string& what, ErrorKind kind) const {
    detail::agree(member_comm(), ok, what, kind);
}

void RuntimeView::raise_together(const std::exception_ptr& failure) const {
    detail::raise_together(member_comm(), failure);
}

RuntimeView::mpi_comm_type RuntimeView::member_comm() const {
    if (!has_me()) throw InputError("RuntimeView: this process is not a member of the view's communicator");
    return impl_->comm.get();
}

} // namespace qzone
