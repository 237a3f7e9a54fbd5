#pragma once
// Host kernel for a permutation block: a 2^k x 2^k matrix with one nonzero
// entry per row and column (X, CX, CCX, SWAP, their products, times phases)
// on k in-chunk qubits. Each amplitude moves once, times its phase where
// that is not 1: a memory pass whatever k, where a dense block does 2^k
// complex multiply-adds per amplitude. Blocks above the lowest qubits move
// runs of consecutive amplitudes around the permutation's cycles (runs that
// stay in place with phase 1, a CX's control-0 half, are neither read nor
// written); blocks on them stage each unit in the cache. One code for every
// kernel path (the work is moving memory): each amplitude goes through the
// same operations wherever it lies, so results do not depend on placement
// or rank count.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernel_types.hpp"

namespace qzone::kernels {

/// A permutation block on the in-chunk `positions` (any order; matrix index
/// bit j = positions[j]), `matrix` row-major with exactly one nonzero entry
/// per row and column, prepared for runs of `size` amplitudes (a chunk, or a
/// tile of one): apply() as often as needed. Host memory only.
template<class Real>
class PermutationBlockKernel {
public:
    /// Consecutive amplitudes moved together around a cycle, at most: long
    /// runs copy at the speed of memory (a group on high qubits is 2^k runs
    /// far apart), and the one held aside stays in the level 2 cache.
    static constexpr unsigned max_run_bits = 12;
    /// Blocks with a qubit below this position are staged instead: moving a
    /// few amplitudes at a time around the cycles left memory idle (3x
    /// slower on the lowest qubits). A unit (the block's positions and every
    /// other position below this one) is read into a buffer in pieces of
    /// consecutive amplitudes, permuted there, and written back (larger
    /// units, with longer pieces, were no faster: the permutation in the
    /// buffer then leaves the level 1 cache).
    static constexpr unsigned staged_below = 6;

    PermutationBlockKernel(const std::vector<unsigned>& positions, const std::vector<Amplitude>& matrix, Index size) {
        const unsigned k = static_cast<unsigned>(positions.size());
        const Index dim = Index{1} << k;
        unsigned size_bits = 0;
        while ((Index{2} << size_bits) <= size) ++size_bits;
        // Row r takes column source[r], times phase[r].
        std::vector<Index> source(dim);
        std::vector<Amplitude> phase(dim);
        for (Index row = 0; row < dim; ++row) {
            Index column = 0;
            while (column + 1 < dim && matrix[row * dim + column] == Amplitude(0)) ++column;
            source[row] = column;
            phase[row] = matrix[row * dim + column];
        }
        phases_ = std::any_of(phase.begin(), phase.end(), [](const Amplitude& p) { return p != Amplitude(1); });
        const unsigned lowest = *std::min_element(positions.begin(), positions.end());
        // The positions a unit spans, ascending: the block's, and the lowest
        // others when staged (runs below the block's lowest position otherwise).
        unit_positions_ = positions;
        if (lowest < staged_below)
            for (unsigned p = 0; p < std::min(staged_below, size_bits); ++p)
                if (std::find(positions.begin(), positions.end(), p) == positions.end()) unit_positions_.push_back(p);
        std::sort(unit_positions_.begin(), unit_positions_.end());
        const auto deposit = [&](Index bits, const std::vector<unsigned>& at) {
            Index offset = 0;
            for (std::size_t j = 0; j < at.size(); ++j)
                if (bits >> j & 1) offset |= Index{1} << at[j];
            return offset;
        };
        if (lowest < staged_below) {
            staged_ = true;
            const unsigned span = static_cast<unsigned>(unit_positions_.size());
            while (piece_bits_ < span && unit_positions_[piece_bits_] == piece_bits_) ++piece_bits_;
            const std::vector<unsigned> above(unit_positions_.begin() + piece_bits_, unit_positions_.end());
            for (Index h = 0; h < Index{1} << (span - piece_bits_); ++h) piece_offsets_.push_back(deposit(h, above));
            units_ = size >> span;
            // Staged amplitude i (bit j: unit_positions_[j]) takes staged
            // amplitude gather_[i]: its row's bits replaced by its source's.
            std::vector<unsigned> bit_of(k); // unit bit of matrix bit j
            for (unsigned j = 0; j < k; ++j)
                bit_of[j] = static_cast<unsigned>(
                    std::find(unit_positions_.begin(), unit_positions_.end(), positions[j]) - unit_positions_.begin());
            for (Index i = 0; i < Index{1} << span; ++i) {
                Index row = 0, others = i;
                for (unsigned j = 0; j < k; ++j) {
                    row |= (i >> bit_of[j] & 1) << j;
                    others &= ~(Index{1} << bit_of[j]);
                }
                Index from = others;
                for (unsigned j = 0; j < k; ++j) from |= (source[row] >> j & 1) << bit_of[j];
                gather_.push_back(static_cast<std::uint32_t>(from));
                if (phases_) factors_.push_back(factor_of(phase[row]));
            }
            return;
        }
        // Around the cycles, in runs of the amplitudes below the block's lowest position.
        run_bits_ = std::min({lowest, max_run_bits, size_bits - k});
        units_ = size >> (k + run_bits_);
        // The rows that change, cycle by cycle, each cycle from its first row
        // on; a row that keeps its amplitude with phase 1 is left alone.
        std::vector<bool> done(dim, false);
        for (Index first = 0; first < dim; ++first) {
            if (done[first] || (source[first] == first && phase[first] == Amplitude(1))) continue;
            cycle_starts_.push_back(steps_.size());
            for (Index row = first; !done[row]; row = source[row]) {
                done[row] = true;
                steps_.push_back(Step{deposit(row, positions), deposit(source[row], positions), factor_of(phase[row]),
                                      phase[row] != Amplitude(1)});
            }
        }
        cycle_starts_.push_back(steps_.size());
    }

    /// The block on the `size` amplitudes from `data` (re, im interleaved).
    void apply(Real* data) const {
        if (staged_) return apply_staged(data);
        if (steps_.empty()) return;
        const Step* const steps = steps_.data();
        const std::size_t* const starts = cycle_starts_.data();
        const std::size_t cycles = cycle_starts_.size() - 1;
        const unsigned* const positions = unit_positions_.data();
        const unsigned k = static_cast<unsigned>(unit_positions_.size()), run_bits = run_bits_;
        const Index run = Index{1} << run_bits, units = units_;
        const Index per_work = units_per_work(units, k + run_bits);
        Kokkos::parallel_for(
            "qzone::permutation_block_host",
            Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, (units + per_work - 1) / per_work),
            [=](const Index work) {
                std::vector<Pair> buffer(run);
                Pair* const held = buffer.data();
                for (Index unit = work * per_work; unit < std::min(units, (work + 1) * per_work); ++unit) {
                    Index base = unit << run_bits;
                    for (unsigned j = 0; j < k; ++j) base = insert_zero_bit(base, positions[j]);
                    Pair* const group = reinterpret_cast<Pair*>(data) + base;
                    // Around each cycle: its first row's run is held aside, each
                    // row then takes its source's run, the last the one held.
                    for (std::size_t c = 0; c < cycles; ++c) {
                        const std::size_t first = starts[c], last = starts[c + 1] - 1;
                        std::memcpy(held, group + steps[first].to, run * sizeof(Pair));
                        for (std::size_t s = first; s < last; ++s)
                            move_run(group + steps[s].to, group + steps[s].from, run, steps[s]);
                        move_run(group + steps[last].to, held, run, steps[last]);
                    }
                }
            });
    }

private:
    /// An amplitude or a phase: two parts, copied as one.
    struct Pair {
        Real re, im;
    };
    using Factor = Pair;
    /// Row offset `to` takes the run at row offset `from`, times `factor` where `phase`.
    struct Step {
        Index to, from;
        Factor factor;
        bool phase;
    };

    /// `to` = `from` times the step's phase (runs far apart, or the one held aside).
    static void move_run(Pair* to, const Pair* from, Index run, const Step& step) {
        if (!step.phase) return static_cast<void>(std::memcpy(to, from, run * sizeof(Pair)));
        for (Index i = 0; i < run; ++i) to[i] = times(step.factor, from[i]);
    }

    /// Units of 2^unit_bits amplitudes per work item: about 2^18 amplitudes each.
    static Index units_per_work(Index units, unsigned unit_bits) {
        return std::max<Index>(1, std::min<Index>(units, Index{1} << 18 >> unit_bits));
    }

    static Factor factor_of(const Amplitude& phase) {
        return Factor{static_cast<Real>(phase.real()), static_cast<Real>(phase.imag())};
    }
    static Pair times(const Factor& f, const Pair& a) {
        return Pair{f.re * a.re - f.im * a.im, f.re * a.im + f.im * a.re};
    }

    void apply_staged(Real* data) const {
        const unsigned* const positions = unit_positions_.data();
        const unsigned span = static_cast<unsigned>(unit_positions_.size());
        const Index* const piece_offsets = piece_offsets_.data();
        const std::uint32_t* const gather = gather_.data();
        const Factor* const factors = factors_.data();
        const Index pieces = piece_offsets_.size(), piece = Index{1} << piece_bits_, unit_size = Index{1} << span;
        const Index units = units_, per_work = units_per_work(units, span);
        const bool phases = phases_;
        Kokkos::parallel_for(
            "qzone::permutation_block_host",
            Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, (units + per_work - 1) / per_work),
            [=](const Index work) {
                std::vector<Pair> buffer(2 * unit_size);
                Pair *const read = buffer.data(), *const permuted = read + unit_size;
                for (Index unit = work * per_work; unit < std::min(units, (work + 1) * per_work); ++unit) {
                    Index base = unit;
                    for (unsigned j = 0; j < span; ++j) base = insert_zero_bit(base, positions[j]);
                    Pair* const amplitudes = reinterpret_cast<Pair*>(data) + base;
                    for (Index h = 0; h < pieces; ++h)
                        std::memcpy(read + h * piece, amplitudes + piece_offsets[h], piece * sizeof(Pair));
                    if (phases) {
                        for (Index i = 0; i < unit_size; ++i) permuted[i] = times(factors[i], read[gather[i]]);
                    } else {
                        for (Index i = 0; i < unit_size; ++i) permuted[i] = read[gather[i]];
                    }
                    for (Index h = 0; h < pieces; ++h)
                        std::memcpy(amplitudes + piece_offsets[h], permuted + h * piece, piece * sizeof(Pair));
                }
            });
    }

    bool staged_ = false, phases_ = false;
    std::vector<unsigned> unit_positions_; ///< ascending: zeros inserted there give a unit's first amplitude
    Index units_ = 0;
    // Staged: pieces of 2^piece_bits_ consecutive amplitudes at
    // piece_offsets_; amplitude i of a unit takes gather_[i] (times factors_[i]).
    unsigned piece_bits_ = 0;
    std::vector<Index> piece_offsets_;
    std::vector<std::uint32_t> gather_;
    std::vector<Factor> factors_;
    // Around the cycles: runs of 2^run_bits_ amplitudes.
    unsigned run_bits_ = 0;
    std::vector<Step> steps_;               ///< the rows that change, cycle after cycle
    std::vector<std::size_t> cycle_starts_; ///< where each cycle's steps begin, then steps_.size()
};

} // namespace qzone::kernels
