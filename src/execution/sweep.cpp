#include "sweep.hpp"

#include <algorithm>
#include <cstring>
#include <variant>
#include <vector>

#include <fused_blocks.hpp>
#include <kernel_types.hpp>
#include <local_gates.hpp>
#include <permutation_blocks.hpp>

#include "../transport/pair_routes.hpp"
#include "apply_at_positions.hpp"
#include "to_amplitudes.hpp"

namespace qzone::execution {
namespace {

using kernels::Amplitude;
using kernels::Index;

/// Index `value`'s bits placed at `positions` (ascending), in order.
Index deposit(Index value, const std::vector<unsigned>& positions) {
    Index index = 0;
    for (std::size_t j = 0; j < positions.size(); ++j) index |= (value >> j & 1) << positions[j];
    return index;
}

/// Where a sweep's tiles lie in a chunk of 2^local amplitudes, and the
/// blocks' positions within a tile (bit b of a tile index: position tile[b]).
struct TileLayout {
    std::vector<unsigned> tile;    ///< in-chunk positions a tile spans, ascending
    std::vector<unsigned> between; ///< the other in-chunk positions: they number the tiles
    std::vector<unsigned> outside; ///< diagonal positions not in the tile, ascending
    unsigned run_bits = 0;         ///< positions 0..run_bits-1 are all in the tile: runs of 2^run_bits

    /// The tile bit of in-tile position `p`, or for another position of a
    /// diagonal its bit above the tile (fixed per tile, see base_of).
    unsigned bit_of(unsigned p) const {
        const auto in = std::lower_bound(tile.begin(), tile.end(), p);
        if (in != tile.end() && *in == p) return static_cast<unsigned>(in - tile.begin());
        const auto at = std::lower_bound(outside.begin(), outside.end(), p) - outside.begin();
        return static_cast<unsigned>(tile.size() + static_cast<std::size_t>(at));
    }
    /// The base a diagonal's kernel sees for the tile at full index `first`:
    /// bit tile.size() + i holds the bit of `first` at outside[i].
    Index base_of(Index first) const {
        Index base = 0;
        for (std::size_t i = 0; i < outside.size(); ++i) base |= (first >> outside[i] & 1) << (tile.size() + i);
        return base;
    }
};

TileLayout tile_layout(const planning::Sweep& sweep, const QubitMap& map, unsigned local) {
    TileLayout layout;
    for (unsigned q : sweep.qubits) layout.tile.push_back(map.position(q));
    const unsigned size = std::min(sweep.tile_bits, local);
    for (unsigned p = 0; p < local && layout.tile.size() < size; ++p)
        if (std::find(layout.tile.begin(), layout.tile.end(), p) == layout.tile.end()) layout.tile.push_back(p);
    std::sort(layout.tile.begin(), layout.tile.end());
    for (unsigned p = 0; p < local; ++p)
        if (!std::binary_search(layout.tile.begin(), layout.tile.end(), p)) layout.between.push_back(p);
    while (layout.run_bits < layout.tile.size() && layout.tile[layout.run_bits] == layout.run_bits) ++layout.run_bits;
    for (const auto& block : sweep.blocks)
        if (const auto* diagonal = std::get_if<planning::DiagonalBlock>(&block))
            for (unsigned q : diagonal->qubits)
                if (!std::binary_search(layout.tile.begin(), layout.tile.end(), map.position(q)))
                    layout.outside.push_back(map.position(q));
    std::sort(layout.outside.begin(), layout.outside.end());
    layout.outside.erase(std::unique(layout.outside.begin(), layout.outside.end()), layout.outside.end());
    return layout;
}

/// A block of the sweep prepared for tiles: positions in tile bits.
template<class Real>
class TileBlock {
public:
    TileBlock(const planning::DenseBlock& block, const QubitMap& map, const TileLayout& layout) {
        std::vector<unsigned> bits;
        for (unsigned q : block.qubits) bits.push_back(layout.bit_of(map.position(q)));
        // The kernel a block run on its own takes (apply_at_positions): the
        // one-qubit kernel, the permutation kernel from two qubits on, or
        // the dense one.
        if (bits.size() > 1 && block.permutation) {
            kernel_ = kernels::PermutationBlockKernel<Real>(bits, to_amplitudes(block.matrix),
                                                            Index{1} << layout.tile.size());
        } else if (bits.size() == 1) {
            target_ = bits[0];
            for (int i = 0; i < 4; ++i) matrix_[i] = to_amplitude(block.matrix[i]);
        } else {
            kernel_ =
                kernels::DenseBlockKernel<Real>(bits, to_amplitudes(block.matrix), Index{1} << layout.tile.size());
        }
    }
    TileBlock(const planning::DiagonalBlock& block, const QubitMap& map, const TileLayout& layout) {
        std::vector<unsigned> bits;
        for (unsigned q : block.qubits) bits.push_back(layout.bit_of(map.position(q)));
        kernel_ =
            kernels::DiagonalBlockKernel<Real>(bits, to_amplitudes(block.diagonal), Index{1} << layout.tile.size());
    }

    void apply(const kernels::Chunk<Real>& tile, Index base) const {
        Real* const data = reinterpret_cast<Real*>(tile.data());
        if (const auto* dense = std::get_if<kernels::DenseBlockKernel<Real>>(&kernel_))
            dense->apply(data);
        else if (const auto* permutation = std::get_if<kernels::PermutationBlockKernel<Real>>(&kernel_))
            permutation->apply(data);
        else if (const auto* diagonal = std::get_if<kernels::DiagonalBlockKernel<Real>>(&kernel_))
            diagonal->apply(data, base);
        else
            kernels::apply_one_qubit_host(tile, target_, matrix_);
    }

private:
    std::variant<std::monostate, kernels::DenseBlockKernel<Real>, kernels::PermutationBlockKernel<Real>,
                 kernels::DiagonalBlockKernel<Real>>
        kernel_;
    unsigned target_ = 0;
    kernels::Matrix2 matrix_{};
};

template<class Real>
void run_tiles(DistributedState& state, const planning::Sweep& sweep) {
    const unsigned local = state.layout().local_qubits();
    const TileLayout layout = tile_layout(sweep, state.qubit_map(), local);
    std::vector<TileBlock<Real>> blocks;
    blocks.reserve(sweep.blocks.size());
    for (const auto& block : sweep.blocks)
        std::visit([&](const auto& b) { blocks.emplace_back(b, state.qubit_map(), layout); }, block);
    const Index tile_size = Index{1} << layout.tile.size(), run = Index{1} << layout.run_bits;
    const std::vector<unsigned> gathered(layout.tile.begin() + layout.run_bits, layout.tile.end());
    // A tile on the lowest positions is consecutive amplitudes: worked on in
    // place, without a copy in and out (the chunk is one tile when nothing
    // lies between).
    const bool in_place = run == tile_size;
    std::vector<Kokkos::complex<Real>> buffer(in_place ? 0 : tile_size);
    const kernels::Chunk<Real> scratch(buffer.data(), buffer.size());
    transport::for_each_local_chunk<Real>(state, [&](Index, const kernels::Chunk<Real>& chunk, Index chunk_base) {
        Kokkos::complex<Real>* const amplitudes = chunk.data();
        for (Index t = 0; t < Index{1} << layout.between.size(); ++t) {
            const Index offset = deposit(t, layout.between);
            const Index base = layout.base_of(chunk_base | offset);
            if (in_place) {
                const kernels::Chunk<Real> tile(amplitudes + offset, tile_size);
                for (const TileBlock<Real>& block : blocks) block.apply(tile, base);
                continue;
            }
            const std::size_t run_bytes = run * sizeof(buffer[0]);
            for (Index j = 0; j < tile_size / run; ++j)
                std::memcpy(buffer.data() + j * run, amplitudes + (offset | deposit(j, gathered)), run_bytes);
            for (const TileBlock<Real>& block : blocks) block.apply(scratch, base);
            for (Index j = 0; j < tile_size / run; ++j)
                std::memcpy(amplitudes + (offset | deposit(j, gathered)), buffer.data() + j * run, run_bytes);
        }
    });
}

} // namespace

void run_sweep(DistributedState& state, const planning::Sweep& sweep) {
    // Tiles of fewer than 64 amplitudes (tiny chunks) and device memory: block by block.
    if (!kernels::host_block_kernels || std::min(sweep.tile_bits, state.layout().local_qubits()) < 6) {
        for (const auto& block : sweep.blocks) std::visit([&](const auto& b) { apply_block(state, b, "sweep"); }, block);
        return;
    }
    with_real_type(state.precision(), [&](auto tag) { run_tiles<decltype(tag)>(state, sweep); });
}

} // namespace qzone::execution
