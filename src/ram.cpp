#include <runtime/ram.hpp>

#include "detail/host_memory.hpp"
#include "detail/resource_impls.hpp"

namespace qzone {

RAM::RAM(std::unique_ptr<detail::RAMImpl> impl) noexcept : impl_(std::move(impl)) {}
RAM::RAM(const RAM& other) : impl_(std::make_unique<detail::RAMImpl>(*other.impl_)) {}
RAM::RAM(RAM&& other) noexcept = default;
RAM& RAM::operator=(const RAM& other) {
    if (this != &other) impl_ = std::make_unique<detail::RAMImpl>(*other.impl_);
    return *this;
}
RAM& RAM::operator=(RAM&& other) noexcept = default;
RAM::~RAM() noexcept = default;

RAM::size_type RAM::total_space() const noexcept { return impl_->total_bytes; }

RAM::size_type RAM::available_space() const {
    return impl_->mine ? detail::read_host_memory().available_bytes : impl_->available_bytes;
}

RAM::size_type RAM::rank() const noexcept { return impl_->rank; }
bool RAM::is_mine() const noexcept { return impl_->mine; }
MPI_Comm RAM::mpi_comm() const noexcept { return impl_->comm; }

bool RAM::operator==(const RAM& other) const noexcept {
    return impl_->rank == other.impl_->rank && impl_->total_bytes == other.impl_->total_bytes &&
           impl_->comm == other.impl_->comm;
}

} // namespace qzone
