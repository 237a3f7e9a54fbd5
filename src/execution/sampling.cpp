// Sampling by inverse transform over basis states in index order, with
// exact integer masses.
//
// Each |a_i|^2 becomes a whole number of 2^-56 units (truncated). Sums of
// integers do not depend on their order, so every rank count, placement and
// qubit map yields the same masses, and the same random numbers the same
// samples. Shots descend through the qubits from the highest, a group of
// bits at a time: for each distinct prefix the shots have reached, every
// rank adds up the masses of its amplitudes under that prefix by the value
// of the group's bits, and one all-reduce sums the ranks.

#include <runtime/errors.hpp>
#include <runtime/measurement.hpp>
#include <runtime/state_views.hpp>

#include <algorithm>
#include <functional>
#include <numeric>
#include <type_traits>

#include <kernel_types.hpp>
#include <reductions.hpp>

namespace qzone {
namespace {

using kernels::Index;

constexpr double mass_units = kernels::mass_units;
constexpr double largest_squared_norm = 255;    ///< keeps every integer sum below 2^64
constexpr unsigned first_group_bits = 16, later_group_bits = 8;
constexpr std::size_t histogram_entries_per_reduce = std::size_t{1} << 20;
/// Visits fetched ahead in the host's histogram loop (2 KiB of double amplitudes when consecutive).
constexpr Index prefetch_distance = 128;
/// Consecutive amplitudes the host's histogram loop takes together where runs are short.
constexpr unsigned block_bits = 6;
constexpr Index block = Index{1} << block_bits;
/// Shots drawn together: 24 bytes each while drawn (about 100 MB), whatever
/// the shot count.
constexpr std::size_t shots_per_batch = std::size_t{1} << 22;

/// Kernels run where the amplitudes live: on the host, a loop; on a
/// device, add_group_masses.
constexpr bool host_amplitudes = std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>;

/// Translates stored offsets inside a chunk into the value of the qubits
/// [lo, hi) (bit q - lo): kernels::GroupTables, built on the host, copied
/// to the device where amplitudes live there.
class GroupBits {
public:
    GroupBits(const QubitMap& map, unsigned local_qubits, unsigned lo, unsigned hi) {
        constexpr unsigned width = kernels::GroupTables::table_bits;
        const unsigned tables = (local_qubits + width - 1) / width;
        entries_.assign(std::size_t{tables} << width, 0);
        lowest_position_ = local_qubits;
        for (unsigned t = 0; t < tables; ++t)
            for (Index v = 0; v < (Index{1} << width); ++v)
                for (unsigned b = 0; b < width && t * width + b < local_qubits; ++b) {
                    const unsigned q = map.qubit_at(t * width + b);
                    if (q < lo || q >= hi) continue;
                    lowest_position_ = std::min(lowest_position_, t * width + b);
                    if (v >> b & 1) entries_[(t << width) + v] |= Index{1} << (q - lo);
                }
        host_ = {entries_.data(), tables};
        if constexpr (!host_amplitudes) {
            Kokkos::View<Index*> on_device("qzone::group_tables", entries_.size());
            Kokkos::deep_copy(on_device, Kokkos::View<const Index*, Kokkos::HostSpace>(entries_.data(), entries_.size()));
            device_entries_ = on_device;
        }
    }

    Index group_of(Index offset) const { return host_.group_of(offset); }
    /// The lowest in-chunk position of a group qubit (the chunk's size when
    /// none lies inside): offsets that differ only below it share a group value.
    unsigned lowest_position() const { return lowest_position_; }
    /// The tables in the default memory space.
    kernels::GroupTables on_device() const { return {device_entries_.data(), host_.tables}; }

private:
    std::vector<Index> entries_;
    unsigned lowest_position_ = 0;
    kernels::GroupTables host_;
    Kokkos::View<const Index*> device_entries_;
};

template<class Real>
void sample_as(const DistributedState& state, std::size_t shots, Rng& rng, const SampleBatchReceiver& take) {
    const PartitionLayout& layout = state.layout();
    const QubitMap& map = state.qubit_map();
    const unsigned n = state.qubits(), local = layout.local_qubits();
    const auto amplitudes = local_amplitudes<Real>(state);
    const Index first_chunk = state.first_local_chunk(), chunks = state.local_chunk_count();

    // Masses by (prefix, value of the qubits [lo, hi)) for each of the
    // `distinct` values of the qubits >= hi, prefix-major, summed over ranks
    // a batch of prefixes per all-reduce.
    const auto histogram_of = [&](const std::vector<Index>& distinct, unsigned lo, unsigned hi) {
        const Index values = Index{1} << (hi - lo);
        const GroupBits bits(map, local, lo, hi);
        const std::size_t batch = std::max<std::size_t>(1, histogram_entries_per_reduce / values);
        std::vector<std::uint64_t> histogram;
        for (std::size_t begin = 0; begin < distinct.size(); begin += batch) {
            const std::size_t end = std::min(distinct.size(), begin + batch);
            std::vector<std::uint64_t> part((end - begin) * values, 0);
            Kokkos::View<std::uint64_t*> device_part;
            if constexpr (!host_amplitudes) device_part = Kokkos::View<std::uint64_t*>("qzone::masses", part.size());
            for (std::size_t d = begin; d < end; ++d) {
                // Qubits >= hi at chunk-index positions must match the chunk;
                // those inside chunks are fixed bits of the offsets to visit.
                Index chunk_mask = 0, chunk_value = 0;
                std::vector<unsigned> fixed_positions;
                std::vector<int> fixed_values;
                for (unsigned q = hi; q < n; ++q) {
                    const unsigned p = map.position(q);
                    const int bit = static_cast<int>(distinct[d] >> (q - hi) & 1);
                    if (p >= local) {
                        chunk_mask |= Index{1} << (p - local);
                        chunk_value |= static_cast<Index>(bit) << (p - local);
                    } else {
                        fixed_positions.push_back(p);
                        fixed_values.push_back(bit);
                    }
                }
                const kernels::BitPattern pattern = kernels::make_bit_pattern(
                    fixed_positions.data(), fixed_values.data(), static_cast<unsigned>(fixed_positions.size()));
                const Index row_first = (d - begin) * values;
                for (Index c = first_chunk; c < first_chunk + chunks; ++c) {
                    if ((c & chunk_mask) != chunk_value) continue;
                    // The chunk's own bits of the group's qubits.
                    Index chunk_group = 0;
                    for (unsigned p = local; p < n; ++p)
                        if ((c >> (p - local) & 1) && map.qubit_at(p) >= lo && map.qubit_at(p) < hi)
                            chunk_group |= Index{1} << (map.qubit_at(p) - lo);
                    const Index chunk_first = (c - first_chunk) << local;
                    if constexpr (host_amplitudes) {
                        const Kokkos::complex<Real>* data = amplitudes.data() + chunk_first;
                        std::uint64_t* row = part.data() + row_first;
                        const Index visits = layout.chunk_size() >> pattern.count;
                        const auto offset_of = [&](Index k) { return pattern.count == 0 ? k : pattern.expand(k); };
                        // Runs of consecutive offsets below every group and
                        // fixed position share a value: summed, then one lookup.
                        const unsigned run_bits =
                            std::min(bits.lowest_position(), pattern.count == 0 ? local : pattern.positions[0]);
                        const Index run = Index{1} << run_bits;
                        if (run < block && pattern.count == 0 && local >= block_bits) {
                            // A group qubit lies low (an exchange brought it there): runs
                            // would be short. Blocks of consecutive offsets instead, the
                            // low bits' part of the value looked up once for all blocks.
                            Index low_part[block];
                            for (Index j = 0; j < block; ++j) low_part[j] = bits.group_of(j);
                            for (Index first = 0; first < visits; first += block) {
                                if (first + prefetch_distance < visits) __builtin_prefetch(data + first + prefetch_distance);
                                const Index high_part = chunk_group | bits.group_of(first);
                                for (Index j = 0; j < block; ++j)
                                    row[high_part | low_part[j]] += kernels::probability_mass(data[first + j]);
                            }
                            continue;
                        }
                        for (Index k = 0; k < visits; k += run) {
                            // Much work per byte where runs are short: fetch ahead.
                            if (k + prefetch_distance < visits) __builtin_prefetch(data + offset_of(k + prefetch_distance));
                            const Index offset = offset_of(k);
                            std::uint64_t mass = 0;
                            for (Index j = 0; j < run; ++j) mass += kernels::probability_mass(data[offset + j]);
                            row[chunk_group | bits.group_of(offset)] += mass;
                        }
                    } else {
                        kernels::add_group_masses<Real>(
                            Kokkos::subview(amplitudes, std::make_pair(chunk_first, chunk_first + layout.chunk_size())),
                            pattern, bits.on_device(), chunk_group,
                            Kokkos::subview(device_part, std::make_pair(row_first, row_first + values)));
                    }
                }
            }
            if constexpr (!host_amplitudes)
                Kokkos::deep_copy(Kokkos::View<std::uint64_t*, Kokkos::HostSpace>(part.data(), part.size()), device_part);
            part = state.runtime().reduce(std::move(part), std::plus<>{});
            histogram.insert(histogram.end(), part.begin(), part.end());
        }
        return histogram;
    };

    // Each row of `values` masses becomes its running sums, so that a shot
    // finds its value by binary search: the value v where the residual mass
    // first falls below the sum up to v, the one a walk along the row finds.
    const auto to_running_sums = [](std::vector<std::uint64_t>& histogram, Index values) {
        for (std::size_t row = 0; row < histogram.size(); row += values)
            std::partial_sum(histogram.begin() + row, histogram.begin() + row + values, histogram.begin() + row);
    };

    // The first group's masses do not depend on the shots: once for all batches.
    const unsigned first_width = std::min(n, first_group_bits);
    std::vector<std::uint64_t> first_histogram = histogram_of({0}, n - first_width, n);
    const std::uint64_t total = std::accumulate(first_histogram.begin(), first_histogram.end(), std::uint64_t{0});
    to_running_sums(first_histogram, Index{1} << first_width);
    if (total == 0) throw InputError("sample: the state has norm 0");
    if (double(total) > largest_squared_norm * mass_units) throw InputError("sample: the state's squared norm is above 255");

    std::vector<Index> prefix;  // each shot's value of the qubits above the group
    std::vector<std::uint64_t> residual;
    for (std::size_t begin = 0; begin < shots; begin += shots_per_batch) {
        const std::size_t count = std::min(shots_per_batch, shots - begin);
        prefix.assign(count, 0);
        residual.resize(count);
        // Drawn in shot order across batches: the same draws as all at once.
        for (std::size_t shot = 0; shot < count; ++shot)
            residual[shot] = std::min(total - 1, static_cast<std::uint64_t>(rng.uniform() * double(total)));
        for (unsigned hi = n; hi > 0;) {
            const bool first_group = hi == n;
            const unsigned width = first_group ? first_width : std::min(hi, later_group_bits), lo = hi - width;
            const Index values = Index{1} << width;
            std::vector<Index> distinct = first_group ? std::vector<Index>{0} : prefix;
            std::sort(distinct.begin(), distinct.end());
            distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
            std::vector<std::uint64_t> later_histogram;
            if (!first_group) {
                later_histogram = histogram_of(distinct, lo, hi);
                to_running_sums(later_histogram, values);
            }
            const std::vector<std::uint64_t>& running = first_group ? first_histogram : later_histogram;
            // Each shot takes the group value in which its residual mass falls
            // (the last value when rounding leaves it past the row's sum).
            for (std::size_t shot = 0; shot < count; ++shot) {
                const std::size_t d = static_cast<std::size_t>(
                    std::lower_bound(distinct.begin(), distinct.end(), prefix[shot]) - distinct.begin());
                const std::uint64_t* row = running.data() + d * values;
                const Index v = std::min<Index>(
                    values - 1, static_cast<Index>(std::upper_bound(row, row + values, residual[shot]) - row));
                if (v > 0) residual[shot] -= row[v - 1];
                prefix[shot] = prefix[shot] << width | v;
            }
            hi = lo;
        }
        take(prefix);
    }
}

} // namespace

void sample_in_batches(const DistributedState& state, std::size_t shots, Rng& rng, const SampleBatchReceiver& take) {
    with_real_type(state.precision(), [&](auto tag) { sample_as<decltype(tag)>(state, shots, rng, take); });
}

std::vector<std::uint64_t> sample(const DistributedState& state, std::size_t shots, Rng& rng) {
    std::vector<std::uint64_t> draws;
    draws.reserve(shots);
    sample_in_batches(state, shots, rng, [&](const std::vector<std::uint64_t>& batch) {
        draws.insert(draws.end(), batch.begin(), batch.end());
    });
    return draws;
}

} // namespace qzone
