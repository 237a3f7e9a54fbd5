#pragma once
/// @file distributed_state.hpp
/// An n-qubit state vector spread over the ranks of a RuntimeView.

#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <runtime/errors.hpp>
#include <runtime/partition_layout.hpp>
#include <runtime/precision.hpp>
#include <runtime/qubit_map.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone {
namespace detail {
struct StateInternals;
}

/// Settings of a DistributedState.
struct StateOptions {
    /// Upper bound of the reusable buffer for exchanges with other ranks, in
    /// bytes: two pieces to send and two to receive, so one piece travels
    /// while the previous one is combined. Smaller chunks use less.
    std::size_t exchange_buffer_bytes = std::size_t{64} << 20;
    /// If set, the most memory one rank may use for its amplitudes plus the
    /// buffer; otherwise the node's available memory is the limit.
    std::optional<std::size_t> max_memory_bytes;
    /// Place the state in a node-wide MPI shared-memory window (host memory
    /// only), so that a gate pairing chunks of two ranks on one node combines
    /// them in place, each rank doing half, instead of sending them. Off:
    /// every other rank's chunk travels through the exchange buffer.
    bool share_node_memory = true;
    /// The amplitudes' type: single precision takes half the memory and
    /// moves half the bytes per pass; sums are taken in double either way.
    Precision precision = Precision::double_;
};

/// The most qubits a state with `options` can have on the ranks of
/// `runtime` under PartitionLayout::balanced: the largest that the
/// DistributedState constructor's memory check accepts on every rank (0 if
/// none). Not collective: it reads the resources every rank published.
/// @throw qzone::InputError if options' exchange buffer holds fewer than four amplitudes.
unsigned most_qubits(const RuntimeView& runtime, const StateOptions& options);

/// The amplitudes of an n-qubit state, partitioned by a PartitionLayout over
/// the ranks of a RuntimeView: each rank holds its contiguous run of chunks
/// in one Kokkos View in the default memory space. Qubit q lies at bit
/// qubit_map().position(q) of the stored amplitude index (qubit 0 is the
/// lowest bit of a basis-state index). Members that take or return basis
/// states, amplitudes in index order or qubits speak of qubits and translate
/// through the map; chunks and local_amplitudes() are stored order.
/// Amplitudes are stored in options().precision; members that take or
/// return amplitudes use std::complex<double> (exact for single precision
/// on the way out, rounded once on the way in).
///
/// All members that take or return whole-state data are collective.
/// Move-only: a copy of a state is a deliberate, expensive act.
class DistributedState {
public:
    using amplitude_type = std::complex<double>;
    using index_type = PartitionLayout::index_type;

    /// Allocates the state in |0...0> under `layout`. Collective. Before
    /// allocating, every rank checks that its node has room for the
    /// amplitudes and exchange buffers of all its ranks (or that its share
    /// fits options.max_memory_bytes); if any rank lacks room, every rank
    /// throws the same AgreementError, saying how many qubits would fit.
    /// @throw qzone::InputError if layout.ranks() != runtime.size() or
    ///        the exchange buffer holds fewer than four amplitudes;
    ///        qzone::AgreementError as described; qzone::MpiError if MPI fails.
    DistributedState(RuntimeView runtime, PartitionLayout layout, StateOptions options = {});

    /// As above with PartitionLayout::balanced(qubits, runtime.size()).
    DistributedState(RuntimeView runtime, unsigned qubits, StateOptions options = {});

    DistributedState(DistributedState&&) noexcept;
    DistributedState& operator=(DistributedState&&) noexcept;
    DistributedState(const DistributedState&) = delete;
    DistributedState& operator=(const DistributedState&) = delete;
    ~DistributedState();

    const RuntimeView& runtime() const noexcept;
    const PartitionLayout& layout() const noexcept;
    const StateOptions& options() const noexcept;
    unsigned qubits() const noexcept { return layout().qubits(); }
    Precision precision() const noexcept { return options().precision; }

    /// Where each qubit lies in the stored amplitudes.
    const QubitMap& qubit_map() const noexcept;
    /// Declares where each qubit lies now, without moving any amplitude: for
    /// a swap gate (a relabel), after the execution layer moved qubits, or a
    /// loaded checkpoint. Not collective; every rank must relabel alike.
    /// @throw qzone::InputError if `map` has another qubit count.
    void relabel(QubitMap map);

    /// Overwrites this state with `other`'s amplitudes and qubit map (same
    /// layout). Not collective. @throw qzone::InputError for another layout.
    void assign(const DistributedState& other);

    /// |0...0>, with the identity qubit map. Not collective (each rank sets its share).
    void set_zero_state();
    /// The basis state |index>, with the identity qubit map. Not collective.
    /// @throw qzone::InputError if index >= 2^n.
    void set_basis_state(index_type index);
    /// Rank 0's `amplitudes` (2^n of them, in index order) scattered to every
    /// rank; the argument is ignored elsewhere. No normalization is applied.
    /// Collective. @throw qzone::AgreementError (on every rank) if rank 0's
    /// vector does not have 2^n entries; qzone::MpiError if MPI fails.
    void set_amplitudes_from_root(const std::vector<amplitude_type>& amplitudes);

    /// Amplitudes [first, first + count) gathered on rank 0 (count defaults
    /// to the rest of the state), in basis-state order; std::nullopt on the
    /// other ranks. Collective. With a qubit map other than the identity,
    /// rank 0 gathers the whole state first.
    /// @throw qzone::InputError if the range leaves the state.
    std::optional<std::vector<amplitude_type>> amplitudes_on_root(index_type first = 0,
                                                                  std::optional<index_type> count = {}) const;
    /// The amplitude at `index`, on every rank. Collective.
    /// @throw qzone::InputError if index >= 2^n.
    amplitude_type amplitude(index_type index) const;

    /// sqrt(<psi|psi>). Collective.
    double norm() const;
    /// <this|other>. Collective. @throw qzone::InputError unless both
    /// states have the same layout and qubit map.
    amplitude_type inner_product(const DistributedState& other) const;

    /// This rank's chunks: first_local_chunk() .. + local_chunk_count(). Their
    /// amplitudes, as Kokkos Views, come from runtime/state_views.hpp.
    index_type first_local_chunk() const;
    index_type local_chunk_count() const;
    bool owns_chunk(index_type chunk) const;

    /// Whether the state lives in node-shared memory.
    bool shares_node_memory() const noexcept;

    /// Bytes this rank holds in exchange buffers (at most
    /// options().exchange_buffer_bytes; less for small chunks).
    std::size_t exchange_buffer_bytes() const noexcept;
    /// What moves amplitudes between this state's ranks, chosen when it was
    /// built (QZONE_TRANSPORT, docs/gpu.md): "mpi", "mpi (CUDA-aware)",
    /// "mpi (staged through host memory)" or "nccl".
    std::string transport() const;

private:
    // What the transport and execution layers reach inside a state (other
    // ranks' chunks in node-shared memory, the node barrier, the transport)
    // goes through detail::StateInternals (src/state/state_internals.hpp).
    friend struct detail::StateInternals;

    template<class Real>
    void check_precision(const char* member) const;
    std::optional<std::vector<amplitude_type>> amplitudes_in_stored_order(index_type first, index_type count) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace qzone
