#pragma once
// Private (state layer): what the transport and execution layers reach
// inside a DistributedState and users never need: other ranks' chunks in
// node-shared memory, the node barrier, the state's transport. Defined in
// distributed_state.cpp, beside the state's Impl.

#include <optional>

#include <runtime/distributed_state.hpp>
#include <runtime/state_views.hpp>

namespace qzone {
namespace transport {
class Transport;
}

namespace detail {

struct StateInternals {
    /// This rank's amplitudes (local_amplitudes() without its check).
    template<class Real>
    static AmplitudeView<Real> amplitudes(const DistributedState& state);
    /// Chunk `chunk` of another rank of this node when the state lives in
    /// node-shared memory; std::nullopt otherwise. Safe to read or write only
    /// between two synchronize_node() calls of every rank of the node.
    /// @throw qzone::InputError if Real is not the state's precision.
    template<class Real>
    static std::optional<AmplitudeView<Real>> shared_chunk(const DistributedState& state,
                                                           DistributedState::index_type chunk);
    /// A barrier of the node's ranks that orders their memory accesses;
    /// nothing without node-shared memory. Collective over the node.
    static void synchronize_node(const DistributedState& state);
    /// How the state's chunk data travels between ranks.
    static transport::Transport& transport(const DistributedState& state);
    /// @throw qzone::InputError naming `member` if Real is not the state's precision.
    template<class Real>
    static void check_precision(const DistributedState& state, const char* member) {
        state.check_precision<Real>(member);
    }
};

} // namespace detail
} // namespace qzone
