#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>

#include <sys/statvfs.h>

#include <kernel_types.hpp>
#include <reductions.hpp>

#include "../detail/address_space.hpp"
#include "../detail/node_shared_memory.hpp"
#include "exchange_buffer_size.hpp"
#include "host_pieces.hpp"
#include "node_memory.hpp"
#include "../transport/transport.hpp"
#include "state_internals.hpp"

namespace qzone {
namespace {

using index_type = DistributedState::index_type;
// Tag of the point-to-point scatter and gather of amplitudes on the view's
// private communicator.
constexpr int amplitude_transfer_tag = 0x7173;

std::string gibibytes(double bytes) {
    std::ostringstream text;
    text.precision(3);
    text << bytes / double(1ull << 30) << " GiB";
    return text.str();
}

/// As amplitude_bytes_on_node for this rank's node.
std::pair<double, std::size_t> amplitude_bytes_on_my_node(const RuntimeView& runtime, const PartitionLayout& layout,
                                                          Precision precision) {
    return detail::amplitude_bytes_on_node(runtime, layout, precision, runtime.my_resource_set().node_index());
}

/// Whether node-shared memory can hold the state, the same answer on every
/// rank. Open MPI backs shared windows with files in /dev/shm, a tmpfs that
/// containers often keep far smaller than RAM; touching pages past its size
/// would kill the process (SIGBUS) instead of failing an allocation.
bool node_shared_memory_fits(const RuntimeView& runtime, const PartitionLayout& layout, Precision precision) {
    struct statvfs filesystem {};
    const bool fits = statvfs("/dev/shm", &filesystem) == 0 &&
                      double(filesystem.f_bavail) * double(filesystem.f_frsize) >=
                          amplitude_bytes_on_my_node(runtime, layout, precision).first;
    const bool everywhere = runtime.reduce(fits, std::logical_and<>{});
    if (!everywhere)
        runtime.logger().warn("/dev/shm has no room for the state on some node; using private memory and MPI "
                              "exchanges between the ranks of a node");
    return everywhere;
}

/// Why `amplitudes` and `buffers` bytes do not fit `limit` (described by
/// `where`), or "" if they do.
std::string room_problem(const PartitionLayout& layout, const RuntimeView& runtime, Precision precision,
                         double amplitudes, double buffers, double limit, const std::string& where) {
    if (amplitudes + buffers <= limit) return "";
    // Each qubit less halves the amplitudes; the buffers stay.
    unsigned fitting = layout.qubits();
    for (double less = amplitudes; fitting > 0 && less + buffers > limit; less /= 2) --fitting;
    std::string message = "a " + std::to_string(layout.qubits()) + "-qubit state in " + name_of(precision) +
                          " precision needs " + gibibytes(amplitudes + buffers) + " (amplitudes " +
                          gibibytes(amplitudes) + ", exchange buffers " + gibibytes(buffers) + ") but " + where;
    message += buffers >= limit ? "; the exchange buffers alone fill it: lower --exchange-buffer or raise the limit"
                                : "; at most " + std::to_string(fitting) + " qubits would fit on these " +
                                      std::to_string(runtime.size()) + " rank(s)" +
                                      (precision == Precision::double_ ? " (one more in single precision)" : "");
    return message;
}

/// The memory rank r's amplitudes go to, and who else's: its GPU, shared
/// with the ranks of its node on the same device, or its node's host memory.
struct RankMemory {
    double amplitude_bytes = 0; ///< of all the ranks whose amplitudes go there
    std::size_t ranks = 0;
    double available = 0; ///< free there when the view was built
};

RankMemory memory_of(const RuntimeView& runtime, const PartitionLayout& layout, Precision precision, std::size_t r) {
    const ResourceSet& resources = runtime.at(r);
    const auto gpu = resources.state_gpu();
    RankMemory memory;
    std::tie(memory.amplitude_bytes, memory.ranks) = detail::amplitude_bytes_on_node(
        runtime, layout, precision, resources.node_index(), gpu ? gpu->device_index() : -1);
    memory.available = gpu ? double(gpu->free_memory()) : double(resources.ram().available_space());
    return memory;
}

/// Every rank checks that its own limit (options.max_memory_bytes) and the
/// memory its amplitudes go to have room: its node's, or its GPU's (shared
/// with the ranks on the same GPU). A limit above what there is is no
/// licence to allocate it. All agree.
void check_memory(const RuntimeView& runtime, const PartitionLayout& layout, std::size_t buffer_bytes,
                  const StateOptions& options) {
    const std::size_t rank = runtime.my_resource_set().mpi_rank();
    std::string problem;
    if (options.max_memory_bytes) {
        const double limit = double(*options.max_memory_bytes);
        problem = room_problem(layout, runtime, options.precision,
                               double(layout.amplitude_count_of(rank)) * double(amplitude_bytes(options.precision)),
                               double(buffer_bytes), limit, "the limit of " + gibibytes(limit) + " per rank");
    }
    if (problem.empty()) {
        const RankMemory memory = memory_of(runtime, layout, options.precision, rank);
        const auto gpu = runtime.my_resource_set().state_gpu();
        const std::string where =
            gpu ? " free on GPU " + std::to_string(gpu->device_index()) + " (" + gpu->name() + ") of node "
                : " available on node ";
        problem = room_problem(layout, runtime, options.precision, memory.amplitude_bytes,
                               double(buffer_bytes) * double(memory.ranks), memory.available,
                               gibibytes(memory.available) + where + runtime.my_resource_set().hostname() +
                                   " for its " + std::to_string(memory.ranks) + " rank(s)");
    }
    runtime.agree(problem.empty(), problem, ErrorKind::resource);
}

} // namespace

std::pair<double, std::size_t> detail::amplitude_bytes_on_node(const RuntimeView& runtime, const PartitionLayout& layout,
                                                               Precision precision, std::size_t node, int device) {
    double bytes = 0;
    std::size_t ranks = 0;
    for (std::size_t r = 0; r < runtime.size(); ++r)
        if (const auto gpu = runtime.at(r).state_gpu();
            runtime.at(r).node_index() == node && (gpu ? gpu->device_index() : -1) == device) {
            bytes += double(layout.amplitude_count_of(r)) * double(amplitude_bytes(precision));
            ++ranks;
        }
    return {bytes, ranks};
}

unsigned most_qubits(const RuntimeView& runtime, const StateOptions& options) {
    unsigned most = 0;
    for (unsigned n = 1; n <= PartitionLayout::max_qubits; ++n) {
        std::optional<PartitionLayout> layout;
        try {
            layout = PartitionLayout::balanced(n, runtime.size());
        } catch (const InputError&) {
            continue; // too few amplitudes for this many ranks
        }
        const double buffers = double(detail::exchange_buffer_bytes_for(*layout, options.precision, options.exchange_buffer_bytes));
        for (std::size_t r = 0; r < runtime.size(); ++r) {
            // The same tests as check_memory's, from rank r's point of view.
            const double mine = double(layout->amplitude_count_of(r)) * double(amplitude_bytes(options.precision));
            if (options.max_memory_bytes && mine + buffers > double(*options.max_memory_bytes)) return most;
            const RankMemory memory = memory_of(runtime, *layout, options.precision, r);
            if (memory.amplitude_bytes + buffers * double(memory.ranks) > memory.available) return most;
        }
        most = n;
    }
    return most;
}

struct DistributedState::Impl {
    Impl(RuntimeView runtime, PartitionLayout layout, StateOptions options)
        : runtime(std::move(runtime)), layout(std::move(layout)), options(std::move(options)) {}

    RuntimeView runtime;
    PartitionLayout layout;
    StateOptions options;
    std::size_t rank = 0;
    std::unique_ptr<detail::NodeSharedMemory> shared; ///< owns the amplitudes when set
    /// The amplitudes: one of the two, by options.precision.
    AmplitudeView<float> single;
    AmplitudeView<double> double_;
    std::unique_ptr<transport::Transport> transport;
    QubitMap map;

    index_type first_amplitude() const { return layout.first_amplitude_of(rank); }
    index_type amplitude_count() const { return layout.amplitude_count_of(rank); }

    template<class Real>
    const AmplitudeView<Real>& amplitudes() const {
        if constexpr (std::is_same_v<Real, float>) return single;
        else return double_;
    }
    template<class Real>
    AmplitudeView<Real>& amplitudes() {
        if constexpr (std::is_same_v<Real, float>) return single;
        else return double_;
    }
};

DistributedState::DistributedState(RuntimeView runtime, PartitionLayout layout, StateOptions options)
    : impl_(std::make_unique<Impl>(std::move(runtime), std::move(layout), std::move(options))) {
    Impl& state = *impl_;
    state.map = QubitMap(state.layout.qubits());
    if (state.layout.ranks() != state.runtime.size())
        throw InputError("DistributedState: the layout places chunks on " +
                         std::to_string(state.layout.ranks()) + " ranks but the runtime has " +
                         std::to_string(state.runtime.size()));
    state.rank = state.runtime.my_resource_set().mpi_rank();
    const std::size_t buffer_bytes =
        detail::exchange_buffer_bytes_for(state.layout, state.options.precision, state.options.exchange_buffer_bytes);
    check_memory(state.runtime, state.layout, buffer_bytes, state.options);

    const Precision precision = state.options.precision;
    constexpr bool host_memory =
        Kokkos::SpaceAccessibility<Kokkos::HostSpace, AmplitudeView<double>::memory_space>::accessible;
    const bool share = host_memory && state.options.share_node_memory &&
                       node_shared_memory_fits(state.runtime, state.layout, precision);
    // A rank that cannot map its memory must say so before the node's
    // collective window allocation, which the others would wait in forever.
    const double mapped = (share ? amplitude_bytes_on_my_node(state.runtime, state.layout, precision).first
                                 : double(state.amplitude_count() * amplitude_bytes(precision))) +
                          double(buffer_bytes);
    const std::string unmappable = detail::cannot_map(static_cast<std::size_t>(mapped));
    state.runtime.agree(unmappable.empty(), "allocating the state: " + unmappable, ErrorKind::resource);

    const transport::TransportKind transport_kind = transport::transport_for(state.runtime);
    std::string failure;
    try {
        if (share)
            state.shared = std::make_unique<detail::NodeSharedMemory>(
                state.runtime.mpi_comm(), state.amplitude_count() * amplitude_bytes(precision));
        with_real_type(precision, [&](auto tag) {
            using Real = decltype(tag);
            using View = AmplitudeView<Real>;
            // In node-shared memory: an unmanaged View of this rank's block of the node's window.
            state.amplitudes<Real>() =
                share ? View(static_cast<Kokkos::complex<Real>*>(state.shared->mine()), state.amplitude_count())
                      : View(Kokkos::ViewAllocateWithoutInitializing("qzone::amplitudes"), state.amplitude_count());
        });
        state.transport = transport::make_transport(transport_kind, state.runtime, buffer_bytes, state.layout.chunk_size(),
                                                    amplitude_bytes(precision));
    } catch (const std::exception& e) {
        failure = std::string("allocating the state failed: ") + e.what();
    }
    state.runtime.agree(failure.empty(), failure, ErrorKind::resource);
    set_zero_state();
}

DistributedState::DistributedState(RuntimeView runtime, unsigned qubits, StateOptions options)
    : DistributedState(runtime, PartitionLayout::balanced(qubits, runtime.size()), options) {}

DistributedState::DistributedState(DistributedState&&) noexcept = default;
DistributedState& DistributedState::operator=(DistributedState&&) noexcept = default;
DistributedState::~DistributedState() = default;

const RuntimeView& DistributedState::runtime() const noexcept { return impl_->runtime; }
const PartitionLayout& DistributedState::layout() const noexcept { return impl_->layout; }
const StateOptions& DistributedState::options() const noexcept { return impl_->options; }

template<class Real>
void DistributedState::check_precision(const char* member) const {
    if (precision_of<Real> != precision())
        throw InputError(std::string("DistributedState::") + member + ": the state holds " + name_of(precision()) +
                         "-precision amplitudes; ask for them as " +
                         (precision() == Precision::single ? "float" : "double"));
}

transport::Transport& detail::StateInternals::transport(const DistributedState& state) {
    return *state.impl_->transport;
}
std::size_t DistributedState::exchange_buffer_bytes() const noexcept { return impl_->transport->buffer_bytes(); }
std::string DistributedState::transport() const { return impl_->transport->name(); }
bool DistributedState::shares_node_memory() const noexcept { return impl_->shared != nullptr; }
const QubitMap& DistributedState::qubit_map() const noexcept { return impl_->map; }

void DistributedState::relabel(QubitMap map) {
    if (map.qubits() != qubits())
        throw InputError("DistributedState::relabel: a map of " + std::to_string(map.qubits()) +
                         " qubits for a state of " + std::to_string(qubits()));
    impl_->map = std::move(map);
}

void detail::StateInternals::synchronize_node(const DistributedState& state) {
    if (state.impl_->shared) {
        Kokkos::fence(); // this rank's kernels are done before the others look
        state.impl_->shared->node_barrier();
    }
}

template<class Real>
AmplitudeView<Real> detail::StateInternals::amplitudes(const DistributedState& state) {
    return state.impl_->amplitudes<Real>();
}

template<class Real>
std::optional<AmplitudeView<Real>> detail::StateInternals::shared_chunk(const DistributedState& state,
                                                                        index_type chunk) {
    state.check_precision<Real>("shared_chunk");
    const DistributedState::Impl& impl = *state.impl_;
    if (!impl.shared || state.owns_chunk(chunk)) return std::nullopt;
    const std::size_t owner = impl.layout.rank_of_chunk(chunk);
    auto* block = static_cast<Kokkos::complex<Real>*>(impl.shared->of(owner));
    if (block == nullptr) return std::nullopt;
    const index_type size = impl.layout.chunk_size();
    return AmplitudeView<Real>(block + (chunk - impl.layout.first_chunk_of(owner)) * size, size);
}

index_type DistributedState::first_local_chunk() const { return impl_->layout.first_chunk_of(impl_->rank); }
index_type DistributedState::local_chunk_count() const { return impl_->layout.chunk_count_of(impl_->rank); }
bool DistributedState::owns_chunk(index_type chunk) const {
    return chunk >= first_local_chunk() && chunk < first_local_chunk() + local_chunk_count();
}

template<class Real>
AmplitudeView<Real> local_amplitudes(const DistributedState& state) {
    detail::StateInternals::check_precision<Real>(state, "local_amplitudes");
    return detail::StateInternals::amplitudes<Real>(state);
}

template<class Real>
AmplitudeView<Real> local_chunk(const DistributedState& state, index_type chunk) {
    detail::StateInternals::check_precision<Real>(state, "local_chunk");
    if (!state.owns_chunk(chunk))
        throw InputError("DistributedState: chunk " + std::to_string(chunk) + " is not on rank " +
                         std::to_string(state.runtime().my_resource_set().mpi_rank()));
    const index_type size = state.layout().chunk_size();
    const index_type begin = (chunk - state.first_local_chunk()) * size;
    return Kokkos::subview(detail::StateInternals::amplitudes<Real>(state), std::make_pair(begin, begin + size));
}

template AmplitudeView<float> local_amplitudes<float>(const DistributedState&);
template AmplitudeView<double> local_amplitudes<double>(const DistributedState&);
template AmplitudeView<float> local_chunk<float>(const DistributedState&, index_type);
template AmplitudeView<double> local_chunk<double>(const DistributedState&, index_type);
template AmplitudeView<float> detail::StateInternals::amplitudes<float>(const DistributedState&);
template AmplitudeView<double> detail::StateInternals::amplitudes<double>(const DistributedState&);
template std::optional<AmplitudeView<float>> detail::StateInternals::shared_chunk<float>(const DistributedState&,
                                                                                        index_type);
template std::optional<AmplitudeView<double>> detail::StateInternals::shared_chunk<double>(const DistributedState&,
                                                                                          index_type);

void DistributedState::set_zero_state() { set_basis_state(0); }

void DistributedState::assign(const DistributedState& other) {
    if (other.layout() != layout()) throw InputError("DistributedState::assign: the layouts differ");
    if (other.precision() != precision())
        throw InputError(std::string("DistributedState::assign: a ") + name_of(other.precision()) +
                         "-precision state into a " + name_of(precision()) + "-precision one");
    with_real_type(precision(), [&](auto tag) {
        using Real = decltype(tag);
        Kokkos::deep_copy(impl_->amplitudes<Real>(), other.impl_->amplitudes<Real>());
    });
    impl_->map = other.impl_->map;
}

void DistributedState::set_basis_state(index_type index) {
    if (index >= impl_->layout.amplitude_count())
        throw InputError("DistributedState: basis state " + std::to_string(index) + " of a " +
                         std::to_string(qubits()) + "-qubit state");
    impl_->map = QubitMap(qubits());
    with_real_type(precision(), [&](auto tag) {
        using Real = decltype(tag);
        const AmplitudeView<Real>& amplitudes = impl_->amplitudes<Real>();
        Kokkos::deep_copy(amplitudes, Kokkos::complex<Real>(0));
        const index_type first = impl_->first_amplitude();
        if (index >= first && index < first + impl_->amplitude_count())
            Kokkos::deep_copy(Kokkos::subview(amplitudes, index - first), Kokkos::complex<Real>(1));
    });
}

void DistributedState::set_amplitudes_from_root(const std::vector<amplitude_type>& amplitudes) {
    const Impl& state = *impl_;
    const index_type expected = state.layout.amplitude_count();
    runtime().agree(state.rank != 0 || amplitudes.size() == expected,
                    "set_amplitudes_from_root: rank 0 passed " + std::to_string(amplitudes.size()) +
                        " amplitudes for a " + std::to_string(qubits()) + "-qubit state, which has " +
                        std::to_string(expected));
    const MPI_Comm comm = runtime().mpi_comm();
    impl_->map = QubitMap(qubits());
    with_real_type(precision(), [&](auto tag) {
        using Real = decltype(tag);
        using Stored = Kokkos::complex<Real>;
        // Amplitudes [first, first + n) of the whole state, rounded to the state's type.
        const auto rounded = [&](index_type first, index_type n, Stored* into) {
            for (index_type i = 0; i < n; ++i)
                into[i] = Stored(static_cast<Real>(amplitudes[first + i].real()),
                                 static_cast<Real>(amplitudes[first + i].imag()));
        };
        // Shares travel a host piece per message (host_pieces.hpp), so a rank
        // whose state lives on a device receives into a bounded buffer.
        constexpr index_type message = detail::host_piece_amplitudes;
        if (state.rank == 0) {
            std::vector<Stored> piece;
            for (std::size_t r = 1; r < state.layout.ranks(); ++r)
                for (index_type done = 0; done < state.layout.amplitude_count_of(r); done += message) {
                    piece.resize(std::min(message, state.layout.amplitude_count_of(r) - done));
                    rounded(state.layout.first_amplitude_of(r) + done, piece.size(), piece.data());
                    detail::send_bytes(comm, static_cast<int>(r), amplitude_transfer_tag, piece.data(),
                                       piece.size() * sizeof(Stored));
                }
        }
        detail::write_in_host_pieces(state.amplitudes<Real>(), [&](index_type first, Stored* into, index_type n) {
            if (state.rank == 0) return rounded(first, n, into);
            detail::receive_bytes(comm, 0, amplitude_transfer_tag, into, n * sizeof(Stored));
        });
    });
}

std::optional<std::vector<DistributedState::amplitude_type>>
DistributedState::amplitudes_on_root(index_type first, std::optional<index_type> count) const {
    const Impl& state = *impl_;
    const index_type total = state.layout.amplitude_count();
    const index_type length = count.value_or(first <= total ? total - first : 0);
    if (first > total || length > total - first)
        throw InputError("amplitudes_on_root: range [" + std::to_string(first) + ", " +
                         std::to_string(first + length) + ") leaves the " + std::to_string(total) +
                         " amplitudes of the state");
    if (!state.map.is_identity()) {
        // Stored order differs from basis-state order: gather it all, then pick.
        const QubitMap& map = state.map;
        auto stored = amplitudes_in_stored_order(0, total);
        if (!stored) return std::nullopt;
        std::vector<amplitude_type> result(length);
        for (index_type i = 0; i < length; ++i) result[i] = (*stored)[map.stored_index(first + i)];
        return result;
    }
    return amplitudes_in_stored_order(first, length);
}

std::optional<std::vector<DistributedState::amplitude_type>>
DistributedState::amplitudes_in_stored_order(index_type first, index_type length) const {
    const Impl& state = *impl_;
    // The part of [first, first + length) that rank r holds.
    const auto overlap = [&](std::size_t r) {
        const index_type begin = std::max(first, state.layout.first_amplitude_of(r));
        const index_type end =
            std::min(first + length, state.layout.first_amplitude_of(r) + state.layout.amplitude_count_of(r));
        return std::make_pair(begin, std::max(begin, end));
    };
    const MPI_Comm comm = runtime().mpi_comm();
    // Plain variables, not a structured binding: lambdas may not capture those before C++20.
    const std::pair<index_type, index_type> my_range = overlap(state.rank);
    const index_type my_begin = my_range.first, my_end = my_range.second;
    const index_type my_offset = my_begin - state.first_amplitude();
    return with_real_type(precision(), [&](auto tag) -> std::optional<std::vector<amplitude_type>> {
        using Real = decltype(tag);
        using Stored = Kokkos::complex<Real>;
        const auto mine =
            Kokkos::subview(state.amplitudes<Real>(), std::make_pair(my_offset, my_offset + my_end - my_begin));
        // Shares travel a host piece per message (see set_amplitudes_from_root).
        constexpr index_type message = detail::host_piece_amplitudes;
        if (state.rank != 0) {
            detail::read_in_host_pieces(mine, [&](index_type, const Stored* from, index_type n) {
                detail::send_bytes(comm, 0, amplitude_transfer_tag, from, n * sizeof(Stored));
            });
            return std::nullopt;
        }
        std::vector<amplitude_type> result(length);
        const auto place = [&](index_type at, const Stored* from, index_type n) {
            for (index_type i = 0; i < n; ++i) result[at - first + i] = {from[i].real(), from[i].imag()};
        };
        detail::read_in_host_pieces(mine, [&](index_type offset, const Stored* from, index_type n) {
            place(my_begin + offset, from, n);
        });
        std::vector<Stored> received;
        for (std::size_t r = 1; r < state.layout.ranks(); ++r) {
            const auto [begin, end] = overlap(r);
            for (index_type at = begin; at < end; at += message) {
                received.resize(std::min(message, end - at));
                detail::receive_bytes(comm, static_cast<int>(r), amplitude_transfer_tag, received.data(),
                                      received.size() * sizeof(Stored));
                place(at, received.data(), received.size());
            }
        }
        return result;
    });
}

DistributedState::amplitude_type DistributedState::amplitude(index_type index) const {
    if (index >= impl_->layout.amplitude_count())
        throw InputError("amplitude: index " + std::to_string(index) + " of a " + std::to_string(qubits()) +
                         "-qubit state");
    const index_type stored = impl_->map.stored_index(index);
    const std::size_t owner = impl_->layout.rank_of_chunk(impl_->layout.chunk_of(stored));
    amplitude_type value = 0;
    if (owner == impl_->rank)
        with_real_type(precision(), [&](auto tag) {
            using Real = decltype(tag);
            Kokkos::complex<Real> on_device;
            Kokkos::deep_copy(on_device, Kokkos::subview(impl_->amplitudes<Real>(), stored - impl_->first_amplitude()));
            value = {on_device.real(), on_device.imag()};
        });
    return runtime().at(owner).ram().broadcast(value);
}

double DistributedState::norm() const {
    const double mine = with_real_type(precision(), [&](auto tag) {
        return kernels::masked_and_total_probability(impl_->amplitudes<decltype(tag)>(), 0, 0, 0).second;
    });
    return std::sqrt(runtime().reduce(mine, std::plus<>{}));
}

DistributedState::amplitude_type DistributedState::inner_product(const DistributedState& other) const {
    if (other.layout() != layout() || other.qubit_map() != qubit_map())
        throw InputError("inner_product: the states have different layouts or qubit maps");
    if (other.precision() != precision())
        throw InputError(std::string("inner_product: a ") + name_of(precision()) + "-precision state with a " +
                         name_of(other.precision()) + "-precision one");
    const kernels::Amplitude mine = with_real_type(precision(), [&](auto tag) {
        using Real = decltype(tag);
        return kernels::inner_product(impl_->amplitudes<Real>(), other.impl_->amplitudes<Real>());
    });
    return runtime().reduce(amplitude_type(mine.real(), mine.imag()), std::plus<>{});
}

} // namespace qzone
