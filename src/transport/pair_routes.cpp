#include "pair_routes.hpp"

#include <algorithm>
#include <vector>

#include "../state/state_internals.hpp"

namespace qzone::transport {

template<class Real>
void for_each_chunk_pair(const DistributedState& state, Index flip, const std::function<bool(Index)>& participates,
                         const PairVisitor<Real>& visitor) {
    // Partners may still be running kernels of the previous gate on the
    // chunks this one reads.
    detail::StateInternals::synchronize_node(state);
    std::vector<Index> remote_chunks;
    const Index first = state.first_local_chunk(), end = first + state.local_chunk_count();
    for (Index chunk = first; chunk < end; ++chunk) {
        if (!participates(chunk)) continue;
        const Index partner = chunk ^ flip;
        if (state.owns_chunk(partner)) {
            if (chunk < partner) visitor.in_memory(chunk, partner);
        } else if (const auto partner_view = detail::StateInternals::shared_chunk<Real>(state, partner)) {
            visitor.shared(chunk, partner, *partner_view);
        } else {
            remote_chunks.push_back(chunk);
        }
    }
    std::sort(remote_chunks.begin(), remote_chunks.end(), [flip](Index a, Index b) {
        return std::min(a, a ^ flip) < std::min(b, b ^ flip);
    });
    for (Index chunk : remote_chunks) {
        const Index partner = chunk ^ flip;
        visitor.remote(chunk, partner, static_cast<int>(state.layout().rank_of_chunk(partner)));
    }
    // Nobody may go on to change its chunks while a partner still reads them.
    detail::StateInternals::synchronize_node(state);
}

template void for_each_chunk_pair<float>(const DistributedState&, Index, const std::function<bool(Index)>&,
                                         const PairVisitor<float>&);
template void for_each_chunk_pair<double>(const DistributedState&, Index, const std::function<bool(Index)>&,
                                          const PairVisitor<double>&);

} // namespace qzone::transport
