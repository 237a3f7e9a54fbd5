#include "remap.hpp"

#include <algorithm>
#include <string>

#include <pair_gates.hpp>

#include <runtime/errors.hpp>

#include "../state/state_internals.hpp"
#include "../transport/pair_routes.hpp"
#include "../transport/transport.hpp"

namespace qzone::execution {

using kernels::BitPattern;
using kernels::Index;

namespace {

template<class Real>
void swap_between_chunks_as(DistributedState& state, Index flip, const std::function<bool(Index)>& participates,
                            const std::function<BitPattern(Index)>& select) {
    using Chunk = kernels::Chunk<Real>;
    const Index chunk_size = state.layout().chunk_size();
    transport::PairVisitor<Real> visitor;
    visitor.in_memory = [&](Index low, Index high) {
        const BitPattern low_selection = select(low), high_selection = select(high);
        kernels::swap_between(local_chunk<Real>(state, low), low_selection, local_chunk<Real>(state, high),
                              high_selection, 0, chunk_size >> low_selection.count);
    };
    visitor.shared = [&](Index chunk, Index partner, const Chunk& partner_view) {
        const BitPattern mine = select(chunk), theirs = select(partner);
        const auto [first, n] = transport::my_half(chunk, partner, chunk_size >> mine.count);
        kernels::swap_between(local_chunk<Real>(state, chunk), mine, partner_view, theirs, first, n);
    };
    visitor.remote = [&](Index chunk, Index, int partner_rank) {
        const Chunk mine = local_chunk<Real>(state, chunk);
        const BitPattern selection = select(chunk);
        const transport::OutgoingPiece<Real> outgoing = [&](Index first, Index n, const Chunk& send) -> const void* {
            if (selection.count == 0) return mine.data() + first;
            kernels::pack(mine, selection, 0, first, n, send);
            return send.data();
        };
        const transport::ArrivedPiece<Real> arrived = [&](Index first, Index n, const Chunk& received) {
            kernels::unpack(mine, selection, first, n, received);
        };
        detail::StateInternals::transport(state).exchange(partner_rank, chunk_size >> selection.count, outgoing, arrived);
    };
    transport::for_each_chunk_pair(state, flip, participates, visitor);
}

} // namespace

void swap_between_chunks(DistributedState& state, Index flip, const std::function<bool(Index)>& participates,
                         const std::function<BitPattern(Index)>& select) {
    with_real_type(state.precision(), [&](auto tag) {
        swap_between_chunks_as<decltype(tag)>(state, flip, participates, select);
    });
}

void exchange_positions(DistributedState& state, const std::vector<std::pair<unsigned, unsigned>>& global_local_pairs) {
    const unsigned local = state.layout().local_qubits();
    const std::size_t m = global_local_pairs.size();
    Index used = 0;
    for (const auto& [global, in_chunk] : global_local_pairs) {
        if (global < local || global >= state.qubits() || in_chunk >= local || (used >> global & 1) ||
            (used >> in_chunk & 1))
            throw InputError("exchange_positions: positions " + std::to_string(global) + " and " +
                             std::to_string(in_chunk) + " are not a distinct chunk-index and in-chunk pair");
        used |= (Index{1} << global) | (Index{1} << in_chunk);
    }
    // The amplitude at (chunk c, offset x) moves to the chunk whose exchanged
    // bits are x's in-chunk bits, at the offset whose in-chunk bits are c's:
    // chunk c trades with c ^ spread(d) the amplitudes whose in-chunk bits
    // read c's bits ^ d, for every d != 0.
    std::vector<unsigned> positions(m);
    for (std::size_t j = 0; j < m; ++j) positions[j] = global_local_pairs[j].second;
    for (Index d = 1; d < (Index{1} << m); ++d) {
        Index flip = 0;
        for (std::size_t j = 0; j < m; ++j)
            if (d >> j & 1) flip |= Index{1} << (global_local_pairs[j].first - local);
        swap_between_chunks(
            state, flip, [](Index) { return true; },
            [&](Index chunk) {
                std::vector<int> values(m);
                for (std::size_t j = 0; j < m; ++j)
                    values[j] = static_cast<int>(((chunk >> (global_local_pairs[j].first - local)) ^ (d >> j)) & 1);
                return kernels::make_bit_pattern(positions.data(), values.data(), static_cast<unsigned>(m));
            });
    }
    QubitMap map = state.qubit_map();
    for (const auto& [global, in_chunk] : global_local_pairs) map.swap_positions(global, in_chunk);
    state.relabel(std::move(map));
}

void bring_into_chunks(DistributedState& state, const std::vector<unsigned>& needed, const std::string& what) {
    const QubitMap& map = state.qubit_map();
    const unsigned local = state.layout().local_qubits();
    std::vector<unsigned> outside;
    for (unsigned q : needed)
        if (map.position(q) >= local) outside.push_back(q);
    if (outside.empty()) return;
    std::vector<std::pair<unsigned, unsigned>> pairs;
    for (unsigned position = local; position-- > 0 && pairs.size() < outside.size();)
        if (std::find(needed.begin(), needed.end(), map.qubit_at(position)) == needed.end())
            pairs.emplace_back(map.position(outside[pairs.size()]), position);
    if (pairs.size() < outside.size())
        throw ResourceError(what + " needs " + std::to_string(needed.size()) +
                            " of its qubits inside chunks but the layout has only " + std::to_string(local) +
                            " in-chunk qubits; use fewer ranks or a layout with fewer chunks");
    exchange_positions(state, pairs);
}

} // namespace qzone::execution
