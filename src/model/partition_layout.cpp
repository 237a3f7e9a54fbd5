// The layout arithmetic: pure (no MPI, no memory), so that the planner can
// use it, also for ranks that are not there.

#include <runtime/partition_layout.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include <runtime/errors.hpp>

namespace qzone {
namespace {

using index_type = PartitionLayout::index_type;

/// The automatic chunk count stops growing once the busiest rank holds at
/// most this multiple of the average.
constexpr double tolerated_imbalance = 1.25;

unsigned ceil_log2(std::size_t value) {
    unsigned bits = 0;
    while ((std::size_t{1} << bits) < value) ++bits;
    return bits;
}

void check_qubits(unsigned qubits, std::size_t ranks) {
    if (qubits == 0) throw InputError("PartitionLayout: a state needs at least one qubit");
    if (qubits > PartitionLayout::max_qubits)
        throw InputError("PartitionLayout: " + std::to_string(qubits) + " qubits is more than the " +
                         std::to_string(PartitionLayout::max_qubits) + " that 64-bit indices allow");
    if (ranks == 0) throw InputError("PartitionLayout: at least one rank is needed");
}

/// Chunk boundaries in proportion to `weights`, each rank at least one chunk.
/// With fewer chunks than ranks, the first ranks hold one chunk each and the
/// others none.
std::vector<index_type> place(index_type chunks, const std::vector<double>& weights) {
    const std::size_t ranks = weights.size();
    if (chunks < ranks) {
        std::vector<index_type> first(ranks + 1, chunks);
        for (index_type c = 0; c < chunks; ++c) first[c] = c;
        return first;
    }
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<index_type> first(ranks + 1, 0);
    double cumulative = 0;
    for (std::size_t r = 1; r < ranks; ++r) {
        cumulative += weights[r - 1];
        auto boundary = static_cast<index_type>(std::llround(cumulative / total * static_cast<double>(chunks)));
        // Leave one chunk for each rank before and after this boundary.
        boundary = std::max<index_type>(boundary, first[r - 1] + 1);
        boundary = std::min<index_type>(boundary, chunks - (ranks - r));
        first[r] = boundary;
    }
    first[ranks] = chunks;
    return first;
}

/// The largest rank share of `chunks` under `weights`, over the average share.
double imbalance(index_type chunks, const std::vector<double>& weights) {
    const std::vector<index_type> first = place(chunks, weights);
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    double worst = 0;
    for (std::size_t r = 0; r < weights.size(); ++r) {
        const double ideal = weights[r] / total * static_cast<double>(chunks);
        worst = std::max(worst, static_cast<double>(first[r + 1] - first[r]) / ideal);
    }
    return worst;
}

unsigned choose_global_qubits(unsigned qubits, const std::vector<double>& weights) {
    const unsigned most = qubits - std::min(qubits, PartitionLayout::kept_local_qubits);
    unsigned global = std::min(ceil_log2(weights.size()), most);
    while (global < most && imbalance(index_type{1} << global, weights) > tolerated_imbalance) ++global;
    return global;
}

} // namespace

PartitionLayout::PartitionLayout(unsigned qubits, unsigned global_qubits, std::vector<index_type> first_chunk)
    : qubits_(qubits), global_qubits_(global_qubits), first_chunk_(std::move(first_chunk)) {}

PartitionLayout PartitionLayout::balanced(unsigned qubits, size_type ranks, std::optional<unsigned> global_qubits) {
    check_qubits(qubits, ranks);
    return weighted(qubits, std::vector<double>(ranks, 1.0), global_qubits);
}

PartitionLayout PartitionLayout::weighted(unsigned qubits, const std::vector<double>& weights,
                                          std::optional<unsigned> global_qubits) {
    check_qubits(qubits, weights.size());
    for (std::size_t r = 0; r < weights.size(); ++r)
        if (!(weights[r] > 0) || !std::isfinite(weights[r]))
            throw InputError("PartitionLayout: the weight of rank " + std::to_string(r) +
                             " must be positive and finite, not " + std::to_string(weights[r]));
    const unsigned global = global_qubits ? *global_qubits : choose_global_qubits(qubits, weights);
    if (global > qubits)
        throw InputError("PartitionLayout: " + std::to_string(global) + " global qubits (" +
                         "2^" + std::to_string(global) + " chunks) is more than the " +
                         std::to_string(qubits) + " qubits of the state");
    return PartitionLayout(qubits, global, place(index_type{1} << global, weights));
}

PartitionLayout::size_type PartitionLayout::rank_of_chunk(index_type chunk) const {
    if (chunk >= chunk_count())
        throw InputError("PartitionLayout: chunk " + std::to_string(chunk) + " of " +
                         std::to_string(chunk_count()));
    return static_cast<size_type>(std::upper_bound(first_chunk_.begin(), first_chunk_.end(), chunk) -
                                  first_chunk_.begin() - 1);
}

PartitionLayout::index_type PartitionLayout::first_chunk_of(size_type rank) const {
    if (rank >= ranks())
        throw InputError("PartitionLayout: rank " + std::to_string(rank) + " of " + std::to_string(ranks()));
    return first_chunk_[rank];
}

PartitionLayout::index_type PartitionLayout::chunk_count_of(size_type rank) const {
    return first_chunk_.at(rank + 1) - first_chunk_of(rank);
}

} // namespace qzone
