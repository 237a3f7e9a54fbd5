#include "chunk_pairs.hpp"

#include <algorithm>
#include <vector>

namespace qzone::execution {

void for_each_chunk_pair(const DistributedState& state, Index flip, const std::function<bool(Index)>& participates,
                         const std::function<void(Index, Index)>& in_memory,
                         const std::function<void(Index, Index, int)>& remote) {
    std::vector<Index> remote_chunks;
    const Index first = state.first_local_chunk(), end = first + state.local_chunk_count();
    for (Index chunk = first; chunk < end; ++chunk) {
        if (!participates(chunk)) continue;
        const Index partner = chunk ^ flip;
        if (state.owns_chunk(partner)) {
            if (chunk < partner) in_memory(chunk, partner);
        } else {
            remote_chunks.push_back(chunk);
        }
    }
    std::sort(remote_chunks.begin(), remote_chunks.end(), [flip](Index a, Index b) {
        return std::min(a, a ^ flip) < std::min(b, b ^ flip);
    });
    for (Index chunk : remote_chunks) {
        const Index partner = chunk ^ flip;
        remote(chunk, partner, static_cast<int>(state.layout().rank_of_chunk(partner)));
    }
}

} // namespace qzone::execution
