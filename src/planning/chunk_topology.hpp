#pragma once
// Private (planning layer): where the chunks of a state live (which rank
// holds each, which node each rank runs on, whether the ranks of a node
// share memory) and what an exchange stage therefore moves, by route. Pure:
// a machine of any size can be described without running on it, so the
// same figures serve `qzone run` and `qzone plan`.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include <runtime/partition_layout.hpp>

namespace qzone::planning {

/// Bytes one exchange stage moves, summed over the ranks that send them, by
/// route; and the busiest rank's share of each.
struct StageVolume {
    double in_memory = 0;     ///< between two chunks of one rank
    double within_nodes = 0;  ///< between ranks of one node (node-shared memory or MPI)
    double between_nodes = 0; ///< between ranks of different nodes (MPI)
    double through_mpi = 0;   ///< what MPI carries: between nodes, and within them without node-shared memory
    double busiest_memory = 0, busiest_within = 0, busiest_between = 0; ///< the most any one rank sends by each route
    std::uint64_t busiest_messages = 0; ///< the most remote partners any rank exchanges with
};

/// Chunks, ranks and nodes of a state.
class ChunkTopology {
public:
    /// `layout`'s chunks on ranks whose node is `node_of_rank[r]` (one entry
    /// per rank), amplitudes of `amplitude_bytes` bytes; `node_shared_memory`:
    /// the ranks of a node read each other's chunks in place.
    /// @throw qzone::InputError if `node_of_rank` has not one entry per rank.
    ChunkTopology(PartitionLayout layout, std::vector<std::size_t> node_of_rank, bool node_shared_memory,
                  std::size_t amplitude_bytes);
    /// `layout` with ranks placed on nodes `ranks_per_node` at a time, in rank order
    /// (as mpirun and srun place them by default).
    /// @throw qzone::InputError if `ranks_per_node` is 0.
    static ChunkTopology packed(PartitionLayout layout, std::size_t ranks_per_node, bool node_shared_memory,
                                std::size_t amplitude_bytes);

    const PartitionLayout& layout() const noexcept { return layout_; }
    std::size_t nodes() const noexcept { return nodes_; }
    bool node_shared_memory() const noexcept { return node_shared_memory_; }
    std::size_t amplitude_bytes() const noexcept { return amplitude_bytes_; }
    /// The busiest node's ranks.
    std::size_t ranks_on_busiest_node() const noexcept { return ranks_on_busiest_node_; }

    /// What a stage exchanging the chunk-index bits `chunk_bits` (bit b: the
    /// qubit at position local_qubits + b) moves: every chunk keeps 1/2^m of
    /// itself and sends 1/2^m to each of its 2^m - 1 partners. Memoised.
    const StageVolume& stage(std::uint64_t chunk_bits) const;
    /// The most pairs a stage should have for stage() to stay cheap: no
    /// limit where every rank holds the same power-of-two number of chunks
    /// and nodes the same power-of-two number of ranks (figures by formula);
    /// otherwise as many as keep chunks x 2^pairs within 2^24 (figures by
    /// counting chunk pairs).
    unsigned widest_cheap_stage() const noexcept;
    /// What the stage costs the planner: its bytes weighted by route (in one
    /// rank's memory and in node-shared memory 1/4, MPI within a node 1,
    /// between nodes 4), fixed weights so that every machine plans alike.
    double stage_cost(std::uint64_t chunk_bits) const;

private:
    PartitionLayout layout_;
    std::vector<std::size_t> node_of_rank_;
    std::vector<std::size_t> rank_of_chunk_; ///< the layout's placement, looked up once
    /// Regular placements: a rank's chunks differ in the low `rank_bits_`
    /// chunk-index bits, a node's ranks in the next `node_bits_`.
    bool regular_ = false;
    unsigned rank_bits_ = 0, node_bits_ = 0;
    std::size_t nodes_ = 0, ranks_on_busiest_node_ = 0;
    bool node_shared_memory_;
    std::size_t amplitude_bytes_;
    mutable std::unordered_map<std::uint64_t, StageVolume> stages_;
};

} // namespace qzone::planning
