#include "exchange_buffer_size.hpp"

#include <algorithm>
#include <string>

#include <runtime/errors.hpp>

namespace qzone::detail {

std::size_t exchange_buffer_bytes_for(const PartitionLayout& layout, Precision precision, std::size_t requested) {
    const std::size_t amplitude = amplitude_bytes(precision), chunk_bytes = layout.chunk_size() * amplitude;
    if (requested < 4 * amplitude)
        throw InputError("DistributedState: an exchange buffer of " + std::to_string(requested) +
                         " bytes is too small; it needs at least " + std::to_string(4 * amplitude) + " bytes in " +
                         name_of(precision) + " precision");
    return std::min(requested, 4 * chunk_bytes);
}

} // namespace qzone::detail
