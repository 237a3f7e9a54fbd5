// The one layout that asks the ranks: weights from each node's available
// memory, read now on every rank and shared.

#include <runtime/partition_layout.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone {

PartitionLayout PartitionLayout::by_available_memory(unsigned qubits, const RuntimeView& runtime,
                                                     std::optional<unsigned> global_qubits) {
    // Every rank must compute the same layout: read each rank's memory now
    // and share the readings.
    const std::vector<std::size_t> available = runtime.gather(runtime.my_resource_set().ram().available_space());
    std::vector<std::size_t> ranks_on_node(runtime.node_count(), 0);
    for (std::size_t r = 0; r < runtime.size(); ++r) ++ranks_on_node[runtime.at(r).node_index()];
    std::vector<double> weights;
    for (std::size_t r = 0; r < runtime.size(); ++r)
        weights.push_back(static_cast<double>(available[r]) /
                          static_cast<double>(ranks_on_node[runtime.at(r).node_index()]));
    return weighted(qubits, weights, global_qubits);
}

} // namespace qzone
