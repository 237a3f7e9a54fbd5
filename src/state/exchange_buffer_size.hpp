#pragma once
// Private (state layer): the size of a state's exchange buffer, pure so that
// projections for machines not at hand compute it as the state does.

#include <cstddef>

#include <runtime/partition_layout.hpp>
#include <runtime/precision.hpp>

namespace qzone::detail {

/// Bytes of buffer a state of `layout` allocates when asked for `requested`:
/// two pieces each way, never more than four chunks' worth.
/// @throw qzone::InputError if `requested` holds fewer than four amplitudes.
std::size_t exchange_buffer_bytes_for(const PartitionLayout& layout, Precision precision, std::size_t requested);

} // namespace qzone::detail
