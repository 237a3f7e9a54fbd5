// Sampling through a canonical tree of pairwise sums.
//
// Node sums of the binary tree over the 2^n probabilities, each the sum of
// its two children computed left + right, are the same numbers whichever
// rank computes them and however the state is chunked: a chunk is a subtree.
// Walking that tree with the same random numbers therefore yields the same
// samples for any rank count. Each rank keeps only the levels from blocks of
// up to 2^10 amplitudes upward; a block's lower levels are rebuilt when a
// shot lands in it.

#include <runtime/measurement.hpp>

#include <algorithm>
#include <functional>
#include <tuple>

#include <reductions.hpp>

namespace qzone {
namespace {

using kernels::Index;
using Levels = std::vector<std::vector<double>>; ///< levels[0] the finest; back() is the single root

constexpr unsigned max_block_height = 10;

/// Adds coarser levels, pairwise, until one node remains.
void complete_levels(Levels& levels) {
    while (levels.back().size() > 1) {
        const std::vector<double>& finer = levels.back();
        std::vector<double> coarser(finer.size() / 2);
        for (std::size_t j = 0; j < coarser.size(); ++j) coarser[j] = finer[2 * j] + finer[2 * j + 1];
        levels.push_back(std::move(coarser));
    }
}

/// Descends from the root to a leaf of `levels`, spending `u` as it goes.
/// Returns the leaf index; `u` keeps what is left of it.
Index descend(const Levels& levels, double& u) {
    Index node = 0;
    for (std::size_t level = levels.size() - 1; level-- > 0;) {
        const double left = levels[level][2 * node], right = levels[level][2 * node + 1];
        if (u < left || !(right > 0)) {
            node = 2 * node;
        } else {
            u -= left;
            node = 2 * node + 1;
        }
    }
    return node;
}

} // namespace

std::vector<std::uint64_t> sample(const DistributedState& state, std::size_t shots, Rng& rng) {
    const PartitionLayout& layout = state.layout();
    const unsigned block_height = std::min(layout.local_qubits(), max_block_height);
    const Index blocks_per_chunk = layout.chunk_size() >> block_height;

    // Per local chunk: the levels from blocks up to the chunk's sum.
    std::vector<Levels> chunk_levels;
    std::vector<double> my_chunk_sums;
    Kokkos::View<double*> block_sums("qzone::block_sums", blocks_per_chunk);
    const Index first_chunk = state.first_local_chunk();
    for (Index chunk = first_chunk; chunk < first_chunk + state.local_chunk_count(); ++chunk) {
        kernels::pairwise_block_sums(state.local_chunk(chunk), block_height, block_sums);
        auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), block_sums);
        Levels levels{std::vector<double>(host.data(), host.data() + blocks_per_chunk)};
        complete_levels(levels);
        my_chunk_sums.push_back(levels.back()[0]);
        chunk_levels.push_back(std::move(levels));
    }
    // The top of the tree, over all chunks, identical on every rank.
    Levels top{{}};
    for (const std::vector<double>& sums : state.runtime().gather(my_chunk_sums))
        top[0].insert(top[0].end(), sums.begin(), sums.end());
    complete_levels(top);
    const double total = top.back()[0];
    if (!(total > 0)) throw Error("sample: the state has norm 0");

    // Shots landing in this rank's chunks, sorted by block so that each
    // block's lower levels are rebuilt once.
    std::vector<std::tuple<Index, double, std::size_t>> mine; // (global block, residual u, shot)
    for (std::size_t shot = 0; shot < shots; ++shot) {
        double u = rng.uniform() * total;
        const Index chunk = descend(top, u);
        if (!state.owns_chunk(chunk)) continue;
        const Index block = descend(chunk_levels[chunk - first_chunk], u);
        mine.emplace_back(chunk * blocks_per_chunk + block, u, shot);
    }
    std::sort(mine.begin(), mine.end());

    std::vector<std::uint64_t> samples(shots, 0);
    Index cached_block = ~Index{0};
    Levels block_levels;
    for (auto& [block, u, shot] : mine) {
        if (block != cached_block) {
            const Index chunk = block / blocks_per_chunk;
            const Index offset = (block % blocks_per_chunk) << block_height;
            const auto amplitudes = Kokkos::create_mirror_view_and_copy(
                Kokkos::HostSpace(), Kokkos::subview(state.local_chunk(chunk),
                                                     std::make_pair(offset, offset + (Index{1} << block_height))));
            block_levels = Levels{std::vector<double>(amplitudes.extent(0))};
            for (std::size_t i = 0; i < amplitudes.extent(0); ++i)
                block_levels[0][i] = Kokkos::real(amplitudes(i) * Kokkos::conj(amplitudes(i)));
            complete_levels(block_levels);
            cached_block = block;
        }
        samples[shot] = (block << block_height) | descend(block_levels, u);
    }
    // Each shot was resolved by exactly one rank; the others hold 0.
    return state.runtime().reduce(std::move(samples), std::plus<>{});
}

} // namespace qzone
