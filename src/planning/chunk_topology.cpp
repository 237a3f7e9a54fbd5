#include "chunk_topology.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <runtime/errors.hpp>

namespace qzone::planning {

ChunkTopology::ChunkTopology(PartitionLayout layout, std::vector<std::size_t> node_of_rank, bool node_shared_memory,
                             std::size_t amplitude_bytes)
    : layout_(std::move(layout)), node_of_rank_(std::move(node_of_rank)), node_shared_memory_(node_shared_memory),
      amplitude_bytes_(amplitude_bytes) {
    if (node_of_rank_.size() != layout_.ranks())
        throw InputError("ChunkTopology: " + std::to_string(node_of_rank_.size()) + " node indices for " +
                         std::to_string(layout_.ranks()) + " ranks");
    for (std::size_t node : node_of_rank_) nodes_ = std::max(nodes_, node + 1);
    std::vector<std::size_t> ranks_on(nodes_, 0);
    for (std::size_t node : node_of_rank_) ++ranks_on[node];
    ranks_on_busiest_node_ = ranks_on.empty() ? 0 : *std::max_element(ranks_on.begin(), ranks_on.end());
    rank_of_chunk_.resize(layout_.chunk_count());
    for (std::size_t r = 0; r < layout_.ranks(); ++r)
        for (std::uint64_t c = 0; c < layout_.chunk_count_of(r); ++c) rank_of_chunk_[layout_.first_chunk_of(r) + c] = r;

    const auto power_of_two = [](std::uint64_t x) { return x != 0 && (x & (x - 1)) == 0; };
    const auto log2 = [](std::uint64_t x) { return static_cast<unsigned>(__builtin_ctzll(x)); };
    const std::uint64_t chunks_per_rank = layout_.chunk_count_of(0);
    const std::size_t ranks_per_node = ranks_on.empty() ? 0 : ranks_on[0];
    regular_ = power_of_two(chunks_per_rank) && power_of_two(ranks_per_node);
    for (std::size_t r = 0; r < layout_.ranks() && regular_; ++r)
        regular_ = layout_.chunk_count_of(r) == chunks_per_rank && node_of_rank_[r] == r / ranks_per_node;
    if (regular_) {
        rank_bits_ = log2(chunks_per_rank);
        node_bits_ = log2(ranks_per_node);
    }
}

unsigned ChunkTopology::widest_cheap_stage() const noexcept {
    if (regular_) return 64;
    unsigned pairs = 0;
    while (pairs < 64 && (layout_.chunk_count() << (pairs + 1)) <= (std::uint64_t{1} << 24)) ++pairs;
    return pairs;
}

ChunkTopology ChunkTopology::packed(PartitionLayout layout, std::size_t ranks_per_node, bool node_shared_memory,
                                    std::size_t amplitude_bytes) {
    if (ranks_per_node == 0) throw InputError("ChunkTopology: zero ranks per node");
    std::vector<std::size_t> node_of_rank(layout.ranks());
    for (std::size_t r = 0; r < node_of_rank.size(); ++r) node_of_rank[r] = r / ranks_per_node;
    return ChunkTopology(std::move(layout), std::move(node_of_rank), node_shared_memory, amplitude_bytes);
}

const StageVolume& ChunkTopology::stage(std::uint64_t chunk_bits) const {
    if (const auto known = stages_.find(chunk_bits); known != stages_.end()) return known->second;
    const std::uint64_t chunks = layout_.chunk_count();
    unsigned m = 0;
    for (std::uint64_t bits = chunk_bits; bits != 0; bits &= bits - 1) ++m;
    const double piece = double(layout_.chunk_size() >> m) * double(amplitude_bytes_);
    StageVolume volume;
    if (regular_) {
        // The partner of a chunk across pattern d lies where d's highest bit
        // says: among this rank's chunks, its node's, or beyond. The j-th
        // lowest bit of the stage is the highest of 2^j patterns.
        double memory = 0, within = 0, between = 0;
        unsigned j = 0;
        for (unsigned b = 0; b < 64; ++b) {
            if (!(chunk_bits >> b & 1)) continue;
            const double patterns = std::ldexp(1.0, static_cast<int>(j++));
            (b < rank_bits_ ? memory : b < rank_bits_ + node_bits_ ? within : between) += patterns;
        }
        const double per_rank = double(layout_.chunk_count_of(0)) * piece, ranks = double(layout_.ranks());
        volume.in_memory = memory * per_rank * ranks;
        volume.within_nodes = within * per_rank * ranks;
        volume.between_nodes = between * per_rank * ranks;
        volume.busiest_memory = (memory + (node_shared_memory_ ? within : 0)) * per_rank;
        volume.busiest_within = node_shared_memory_ ? 0 : within * per_rank;
        volume.busiest_between = between * per_rank;
        volume.busiest_messages = static_cast<std::uint64_t>(
            double(layout_.chunk_count_of(0)) * (between + (node_shared_memory_ ? 0 : within)));
        volume.through_mpi = volume.between_nodes + (node_shared_memory_ ? 0 : volume.within_nodes);
        return stages_.emplace(chunk_bits, volume).first->second;
    }
    // Per rank: bytes sent by route, and partners reached by messages.
    std::vector<double> memory(layout_.ranks()), within(layout_.ranks()), between(layout_.ranks());
    std::vector<std::uint64_t> messages(layout_.ranks());
    for (std::uint64_t chunk = 0; chunk < chunks; ++chunk) {
        const std::size_t rank = rank_of_chunk_[chunk];
        // Every nonzero pattern d over the stage's bits is one partner.
        for (std::uint64_t flip = chunk_bits; flip != 0; flip = (flip - 1) & chunk_bits) {
            const std::size_t partner = rank_of_chunk_[chunk ^ flip];
            if (partner == rank) {
                memory[rank] += piece;
            } else if (node_of_rank_[partner] == node_of_rank_[rank]) {
                within[rank] += piece;
                if (!node_shared_memory_) ++messages[rank];
            } else {
                between[rank] += piece;
                ++messages[rank];
            }
        }
    }
    for (std::size_t r = 0; r < layout_.ranks(); ++r) {
        volume.in_memory += memory[r];
        volume.within_nodes += within[r];
        volume.between_nodes += between[r];
        volume.busiest_memory = std::max(volume.busiest_memory, memory[r] + (node_shared_memory_ ? within[r] : 0));
        volume.busiest_within = std::max(volume.busiest_within, node_shared_memory_ ? 0 : within[r]);
        volume.busiest_between = std::max(volume.busiest_between, between[r]);
        volume.busiest_messages = std::max(volume.busiest_messages, messages[r]);
    }
    volume.through_mpi = volume.between_nodes + (node_shared_memory_ ? 0 : volume.within_nodes);
    return stages_.emplace(chunk_bits, volume).first->second;
}

double ChunkTopology::stage_cost(std::uint64_t chunk_bits) const {
    const StageVolume& volume = stage(chunk_bits);
    const double in_place = volume.in_memory + (node_shared_memory_ ? volume.within_nodes : 0);
    const double mpi_within = node_shared_memory_ ? 0 : volume.within_nodes;
    return 0.25 * in_place + mpi_within + 4.0 * volume.between_nodes;
}

} // namespace qzone::planning
