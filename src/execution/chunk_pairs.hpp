#pragma once
// Private (execution layer): visiting the pairs of chunks that a gate on a
// global qubit couples, in an order that lets ranks exchange without
// deadlock.

#include <cstdint>
#include <functional>

#include <runtime/distributed_state.hpp>

namespace qzone::execution {

using Index = std::uint64_t;

/// For every chunk c of this rank with `participates(c)`, its partner is
/// c ^ flip. Pairs held entirely by this rank go to `in_memory(c, partner)`
/// once (with c < partner); pairs split between ranks go to
/// `remote(c, partner, partner_rank)`. Remote pairs are visited in
/// increasing order of min(c, partner) on every rank, so two ranks always
/// reach a pair they share together and blocking exchanges cannot deadlock.
void for_each_chunk_pair(const DistributedState& state, Index flip, const std::function<bool(Index)>& participates,
                         const std::function<void(Index chunk, Index partner)>& in_memory,
                         const std::function<void(Index chunk, Index partner, int partner_rank)>& remote);

} // namespace qzone::execution
