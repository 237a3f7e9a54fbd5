#pragma once
/// @file partition_layout.hpp
/// How the 2^n amplitudes of an n-qubit state are cut into chunks and placed
/// on ranks.

#include <cstdint>
#include <optional>
#include <vector>

#include <runtime/errors.hpp>

namespace qzone {

class RuntimeView;

/// n qubits; 2^g chunks of 2^(n-g) amplitudes; chunk c holds the amplitudes
/// with index >> (n-g) == c. Qubits 0..n-g-1 are *local* (their bit lies
/// inside a chunk), qubits n-g..n-1 are *global* (their bit is a bit of the
/// chunk index). Each rank owns a contiguous run of chunks, so a rank's
/// amplitudes are one contiguous range of indices.
///
/// Any rank count works, for any state. The balanced policy gives every rank
/// the same number of chunks, give or take one; the weighted policy gives
/// chunks in proportion to per-rank weights (e.g. available memory), at least
/// one each. With fewer chunks than ranks (a small state on many ranks), the
/// first ranks hold one chunk each and the others hold none: they take part
/// in every collective with an empty share.
class PartitionLayout {
public:
    using index_type = std::uint64_t;
    using size_type = std::size_t;

    /// The most qubits a layout takes: indices are 64-bit, and an amplitude
    /// count of 2^63 is already beyond any machine.
    static constexpr unsigned max_qubits = 62;

    /// Qubits the automatic chunk count keeps inside chunks (all of them in
    /// a smaller state): the widest gate has 6 targets (max_dense_targets in
    /// gate.hpp), so every gate and fused block finds room inside a chunk
    /// whatever the rank count.
    static constexpr unsigned kept_local_qubits = 6;

    /// Balanced placement of `qubits` on `ranks` ranks. Without
    /// `global_qubits`, the chunk count is chosen: the fewest chunks (at least
    /// one per rank) whose busiest rank holds at most 1.25 times the average,
    /// never leaving fewer than kept_local_qubits inside chunks (so a small
    /// state may leave ranks without a chunk).
    /// @throw qzone::InputError for zero qubits, more than max_qubits,
    ///        zero ranks, or more global qubits than qubits.
    static PartitionLayout balanced(unsigned qubits, size_type ranks, std::optional<unsigned> global_qubits = {});

    /// Placement in proportion to `weights` (one per rank, each > 0); every
    /// rank gets at least one chunk while there are enough. Chunk count as
    /// for balanced().
    /// @throw qzone::InputError as balanced(), or for a weight <= 0 or not finite.
    static PartitionLayout weighted(unsigned qubits, const std::vector<double>& weights,
                                    std::optional<unsigned> global_qubits = {});

    /// Weighted by each rank's available host memory (read now on every rank
    /// and shared), divided evenly among the ranks of a node. Collective over
    /// `runtime`. @throw as weighted(); qzone::MpiError if MPI fails.
    static PartitionLayout by_available_memory(unsigned qubits, const RuntimeView& runtime,
                                               std::optional<unsigned> global_qubits = {});

    unsigned qubits() const noexcept { return qubits_; }
    unsigned global_qubits() const noexcept { return global_qubits_; }
    unsigned local_qubits() const noexcept { return qubits_ - global_qubits_; }
    size_type ranks() const noexcept { return first_chunk_.size() - 1; }

    index_type amplitude_count() const noexcept { return index_type{1} << qubits_; }
    index_type chunk_count() const noexcept { return index_type{1} << global_qubits_; }
    /// Amplitudes per chunk.
    index_type chunk_size() const noexcept { return index_type{1} << local_qubits(); }

    /// Whether `qubit`'s bit lies inside a chunk.
    bool is_local(unsigned qubit) const noexcept { return qubit < local_qubits(); }

    /// The chunk holding amplitude `index`, and its offset in that chunk.
    index_type chunk_of(index_type index) const noexcept { return index >> local_qubits(); }
    index_type offset_in_chunk(index_type index) const noexcept { return index & (chunk_size() - 1); }

    /// The rank owning `chunk`. @throw qzone::InputError past the last chunk.
    size_type rank_of_chunk(index_type chunk) const;
    /// First chunk of `rank`, and how many it owns. @throw qzone::InputError for a bad rank.
    index_type first_chunk_of(size_type rank) const;
    index_type chunk_count_of(size_type rank) const;
    /// The amplitude range [first, first + count) of `rank`.
    index_type first_amplitude_of(size_type rank) const { return first_chunk_of(rank) << local_qubits(); }
    index_type amplitude_count_of(size_type rank) const { return chunk_count_of(rank) << local_qubits(); }

    bool operator==(const PartitionLayout& other) const noexcept {
        return qubits_ == other.qubits_ && global_qubits_ == other.global_qubits_ && first_chunk_ == other.first_chunk_;
    }
    bool operator!=(const PartitionLayout& other) const noexcept { return !(*this == other); }

private:
    PartitionLayout(unsigned qubits, unsigned global_qubits, std::vector<index_type> first_chunk);

    unsigned qubits_;
    unsigned global_qubits_;
    std::vector<index_type> first_chunk_; ///< ranks + 1 entries; rank r owns [first_chunk_[r], first_chunk_[r+1])
};

} // namespace qzone
