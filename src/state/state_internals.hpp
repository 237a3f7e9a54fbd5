#pragma once
// Private (state layer): what the transport and execution layers reach
// inside a DistributedState and users never need: other ranks' chunks in
// node-shared memory, the node barrier, the state's transport.

#include <optional>

#include <runtime/distributed_state.hpp>

namespace qzone::detail {

struct StateInternals {
    /// Chunk `chunk` of another rank of this node when the state lives in
    /// node-shared memory; std::nullopt otherwise. Safe to read or write only
    /// between two synchronize_node() calls of every rank of the node.
    /// @throw qzone::InputError if Real is not the state's precision.
    template<class Real>
    static std::optional<AmplitudeView<Real>> shared_chunk(const DistributedState& state,
                                                           DistributedState::index_type chunk) {
        return state.shared_chunk<Real>(chunk);
    }
    /// A barrier of the node's ranks that orders their memory accesses;
    /// nothing without node-shared memory. Collective over the node.
    static void synchronize_node(const DistributedState& state) { state.synchronize_node(); }
    /// How the state's chunk data travels between ranks.
    static transport::Transport& transport(const DistributedState& state) { return state.transport(); }
};

} // namespace qzone::detail
