#pragma once
// Private (state layer): how much of a state the ranks of one node hold, for
// the memory checks made before anything is allocated.

#include <cstddef>
#include <utility>

#include <runtime/partition_layout.hpp>
#include <runtime/precision.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone::detail {

/// Amplitude bytes of all ranks on node `node` under `layout` in
/// `precision`, and how many ranks that is. Not collective.
std::pair<double, std::size_t> amplitude_bytes_on_node(const RuntimeView& runtime, const PartitionLayout& layout,
                                                       Precision precision, std::size_t node);

} // namespace qzone::detail
