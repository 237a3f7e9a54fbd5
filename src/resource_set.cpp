#include <runtime/resource_set.hpp>

#include "detail/resource_impls.hpp"

namespace qzone {

ResourceSet::ResourceSet(std::unique_ptr<detail::ResourceSetImpl> impl) noexcept : impl_(std::move(impl)) {}
ResourceSet::ResourceSet(const ResourceSet& other)
    : impl_(std::make_unique<detail::ResourceSetImpl>(*other.impl_)) {}
ResourceSet::ResourceSet(ResourceSet&& other) noexcept = default;
ResourceSet& ResourceSet::operator=(const ResourceSet& other) {
    if (this != &other) impl_ = std::make_unique<detail::ResourceSetImpl>(*other.impl_);
    return *this;
}
ResourceSet& ResourceSet::operator=(ResourceSet&& other) noexcept = default;
ResourceSet::~ResourceSet() noexcept = default;

ResourceSet::size_type ResourceSet::mpi_rank() const noexcept { return impl_->rank; }
const std::string& ResourceSet::hostname() const noexcept { return impl_->hostname; }
ResourceSet::size_type ResourceSet::node_index() const noexcept { return impl_->node_index; }
ResourceSet::size_type ResourceSet::node_local_rank() const noexcept { return impl_->node_local_rank; }
ResourceSet::size_type ResourceSet::host_threads() const noexcept { return impl_->host_threads; }
bool ResourceSet::is_mine() const noexcept { return impl_->mine; }
const RAM& ResourceSet::ram() const noexcept { return impl_->ram; }
const std::vector<GPU>& ResourceSet::gpus() const noexcept { return impl_->gpus; }
std::optional<GPU> ResourceSet::state_gpu() const {
    for (const GPU& gpu : impl_->gpus)
        if (gpu.device_index() == impl_->state_device) return gpu;
    return std::nullopt;
}

bool ResourceSet::operator==(const ResourceSet& other) const noexcept {
    return impl_->rank == other.impl_->rank && impl_->hostname == other.impl_->hostname &&
           impl_->node_index == other.impl_->node_index &&
           impl_->node_local_rank == other.impl_->node_local_rank &&
           impl_->host_threads == other.impl_->host_threads && impl_->ram == other.impl_->ram &&
           impl_->gpus == other.impl_->gpus && impl_->state_device == other.impl_->state_device;
}

} // namespace qzone
