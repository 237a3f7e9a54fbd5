#include <runtime/resource_set.hpp>

#include "detail/resource_pimpls.hpp"

namespace qzone {

ResourceSet::ResourceSet(std::unique_ptr<detail::ResourceSetPIMPL> pimpl) noexcept : pimpl_(std::move(pimpl)) {}
ResourceSet::ResourceSet(const ResourceSet& other)
    : pimpl_(std::make_unique<detail::ResourceSetPIMPL>(*other.pimpl_)) {}
ResourceSet::ResourceSet(ResourceSet&& other) noexcept = default;
ResourceSet& ResourceSet::operator=(const ResourceSet& other) {
    if (this != &other) pimpl_ = std::make_unique<detail::ResourceSetPIMPL>(*other.pimpl_);
    return *this;
}
ResourceSet& ResourceSet::operator=(ResourceSet&& other) noexcept = default;
ResourceSet::~ResourceSet() noexcept = default;

ResourceSet::size_type ResourceSet::mpi_rank() const noexcept { return pimpl_->rank; }
const std::string& ResourceSet::hostname() const noexcept { return pimpl_->hostname; }
ResourceSet::size_type ResourceSet::node_index() const noexcept { return pimpl_->node_index; }
ResourceSet::size_type ResourceSet::node_local_rank() const noexcept { return pimpl_->node_local_rank; }
ResourceSet::size_type ResourceSet::host_threads() const noexcept { return pimpl_->host_threads; }
bool ResourceSet::is_mine() const noexcept { return pimpl_->mine; }
const RAM& ResourceSet::ram() const noexcept { return pimpl_->ram; }
const std::vector<GPU>& ResourceSet::gpus() const noexcept { return pimpl_->gpus; }

bool ResourceSet::operator==(const ResourceSet& other) const noexcept {
    return pimpl_->rank == other.pimpl_->rank && pimpl_->hostname == other.pimpl_->hostname &&
           pimpl_->node_index == other.pimpl_->node_index &&
           pimpl_->node_local_rank == other.pimpl_->node_local_rank &&
           pimpl_->host_threads == other.pimpl_->host_threads && pimpl_->ram == other.pimpl_->ram &&
           pimpl_->gpus == other.pimpl_->gpus;
}

} // namespace qzone
