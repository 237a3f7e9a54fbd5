#pragma once
// Private (state layer): how much of a state the ranks of one node hold, for
// the memory checks made before anything is allocated.

#include <cstddef>
#include <utility>

#include <runtime/partition_layout.hpp>
#include <runtime/precision.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone::detail {

/// Amplitude bytes of the ranks on node `node` whose amplitudes live on its
/// GPU `device` (-1: in host memory, the whole node's in a host build) under
/// `layout` in `precision`, and how many ranks that is. Not collective.
std::pair<double, std::size_t> amplitude_bytes_on_node(const RuntimeView& runtime, const PartitionLayout& layout,
                                                       Precision precision, std::size_t node, int device = -1);

} // namespace qzone::detail
