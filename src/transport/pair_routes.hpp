#pragma once
// Private (transport layer): the three ways the partner chunk of a pair is
// reached, chosen here and nowhere else: in this rank's memory, in
// node-shared memory, or through the state's Transport (transport.hpp) in an
// order that lets ranks exchange without deadlock. Also this rank's chunks
// one by one.

#include <cstdint>
#include <functional>

#include <runtime/distributed_state.hpp>
#include <runtime/state_views.hpp>

namespace qzone::transport {

using Index = std::uint64_t;

/// Runs `body(chunk, view, chunk_base)` on each chunk of this rank, in
/// order; `chunk_base` is the global index of the chunk's first amplitude.
/// Real is the state's precision.
template<class Real, typename Body>
void for_each_local_chunk(const DistributedState& state, Body&& body) {
    const unsigned local = state.layout().local_qubits();
    const Index first = state.first_local_chunk();
    for (Index chunk = first; chunk < first + state.local_chunk_count(); ++chunk)
        body(chunk, local_chunk<Real>(state, chunk), chunk << local);
}

/// How the two chunks of a pair are reached (Real: the state's precision).
template<class Real>
struct PairVisitor {
    /// Both chunks are this rank's; called once per pair, with c < partner.
    std::function<void(Index chunk, Index partner)> in_memory;
    /// The partner belongs to another rank of this node and lies in
    /// node-shared memory; both ranks are called for the pair.
    std::function<void(Index chunk, Index partner, const AmplitudeView<Real>& partner_view)> shared;
    /// The partner is only reachable through messages to `partner_rank`:
    /// the state's Transport (detail::StateInternals::transport).
    std::function<void(Index chunk, Index partner, int partner_rank)> remote;
};

/// For every chunk c of this rank with `participates(c)`, its partner is
/// c ^ flip, visited as `visitor` says. Remote pairs are visited in
/// increasing order of min(c, partner) on every rank, so two ranks always
/// reach a pair they share together and blocking exchanges cannot deadlock.
/// With node-shared memory, every rank of the node synchronises before and
/// after (collective over the node). Defined for float and double.
template<class Real>
void for_each_chunk_pair(const DistributedState& state, Index flip, const std::function<bool(Index)>& participates,
                         const PairVisitor<Real>& visitor);

/// The half of a shared pair's `count` selected amplitudes that this rank
/// computes: the owner of the lower chunk takes the first half.
inline std::pair<Index, Index> my_half(Index chunk, Index partner, Index count) {
    const Index half = count / 2;
    return chunk < partner ? std::pair<Index, Index>{0, half} : std::pair<Index, Index>{half, count - half};
}

} // namespace qzone::transport
