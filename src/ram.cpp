#include <runtime/ram.hpp>

#include "detail/host_memory.hpp"
#include "detail/resource_pimpls.hpp"

namespace qzone {

RAM::RAM(std::unique_ptr<detail::RAMPIMPL> pimpl) noexcept : pimpl_(std::move(pimpl)) {}
RAM::RAM(const RAM& other) : pimpl_(std::make_unique<detail::RAMPIMPL>(*other.pimpl_)) {}
RAM::RAM(RAM&& other) noexcept = default;
RAM& RAM::operator=(const RAM& other) {
    if (this != &other) pimpl_ = std::make_unique<detail::RAMPIMPL>(*other.pimpl_);
    return *this;
}
RAM& RAM::operator=(RAM&& other) noexcept = default;
RAM::~RAM() noexcept = default;

RAM::size_type RAM::total_space() const noexcept { return pimpl_->total_bytes; }

RAM::size_type RAM::available_space() const {
    return pimpl_->mine ? detail::read_host_memory().available_bytes : pimpl_->available_bytes;
}

RAM::size_type RAM::rank() const noexcept { return pimpl_->rank; }
bool RAM::is_mine() const noexcept { return pimpl_->mine; }
MPI_Comm RAM::mpi_comm() const noexcept { return pimpl_->comm; }

bool RAM::operator==(const RAM& other) const noexcept {
    return pimpl_->rank == other.pimpl_->rank && pimpl_->total_bytes == other.pimpl_->total_bytes &&
           pimpl_->comm == other.pimpl_->comm;
}

} // namespace qzone
