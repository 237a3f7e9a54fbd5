#pragma once
/// @file runtime_view.hpp
/// The facade every rank builds first: MPI and Kokkos lifetime, the ranks and
/// their resources, the logger, finalization callbacks and the view-level
/// (all-to-all) collectives.

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <mpi.h>

#include <runtime/detail/collectives.hpp>
#include <runtime/errors.hpp>
#include <runtime/logger.hpp>
#include <runtime/reduce_ops.hpp>
#include <runtime/resource_set.hpp>

namespace qzone {
namespace detail {
class RuntimeViewImpl;
}

/// The runtime as seen by one rank.
///
/// Construction is collective over the communicator. It starts MPI (with
/// MPI_THREAD_FUNNELED) and Kokkos only if they are not running yet, and
/// works on its own duplicate of the communicator, so its messages never mix
/// with the caller's. Copies share one state; when the last copy is
/// destroyed, the stacked callbacks run (last in, first out), then the
/// duplicate communicator is freed, then Kokkos and MPI are finalized if and
/// only if this view started them.
///
/// The collectives (gather, reduce, agree, barrier) are collective over the
/// view's communicator: every rank must call them in the same order.
class RuntimeView {
public:
    using size_type = std::size_t;
    using mpi_comm_type = MPI_Comm;
    using callback_type = std::function<void()>;

    /// A view of MPI_COMM_WORLD. Starts MPI and Kokkos if needed.
    /// @throw qzone::MpiError if MPI fails. If any rank rejects its
    ///        environment, every rank throws the lowest such rank's error:
    ///        qzone::InputError for a bad QZONE_LOG_LEVEL or KOKKOS_NUM_THREADS
    ///        (or another setting Kokkos refuses), qzone::IoError for a
    ///        QZONE_LOG_FILE that cannot be opened, qzone::ResourceError for a
    ///        CUDA build without a usable device.
    RuntimeView();

    /// As RuntimeView(), passing the command line to MPI_Init_thread and
    /// Kokkos::initialize when this view starts them.
    RuntimeView(int argc, char** argv);

    /// A view of `comm`, which may be a sub-communicator of a program that
    /// owns MPI. MPI_COMM_NULL gives a view this process is not part of
    /// (has_me() is false, size() is 0).
    explicit RuntimeView(mpi_comm_type comm);

    /// The general constructor; the others delegate to it.
    RuntimeView(int argc, char** argv, mpi_comm_type comm);

    RuntimeView(const RuntimeView&) noexcept = default;
    RuntimeView(RuntimeView&&) noexcept = default;
    RuntimeView& operator=(const RuntimeView&) noexcept = default;
    RuntimeView& operator=(RuntimeView&&) noexcept = default;
    /// Tears down when this is the last copy; see the class description.
    ~RuntimeView() noexcept;

    /// Number of ranks.
    size_type size() const noexcept;

    /// The resource set of `rank`.
    /// @throw qzone::InputError if rank >= size().
    const ResourceSet& at(size_type rank) const;

    /// The calling rank's resource set.
    /// @throw qzone::Error if has_me() is false.
    const ResourceSet& my_resource_set() const;

    /// Whether the calling process is one of the view's ranks.
    bool has_me() const noexcept;

    /// Number of distinct nodes the ranks run on.
    size_type node_count() const noexcept;

    /// The view's own duplicate of the communicator it was built on
    /// (MPI_COMM_NULL if has_me() is false). Errors on it return codes
    /// rather than abort.
    mpi_comm_type mpi_comm() const noexcept;

    /// Whether this view called MPI_Init_thread (and will finalize MPI).
    bool did_i_start_mpi() const noexcept;

    /// Whether this view called Kokkos::initialize (and will finalize Kokkos).
    bool did_i_start_kokkos() const noexcept;

    /// The logger shared by all copies of this view.
    Logger& logger() const noexcept;

    /// Waits for every rank. @throw qzone::MpiError if MPI fails.
    void barrier() const;

    /// Registers `callback` to run at teardown, before MPI and Kokkos are
    /// finalized. Callbacks run in reverse order of registration; one that
    /// throws is logged at error level and the others still run.
    void stack_callback(callback_type callback);

    /// All-gather: every rank's `value`, in rank order, on every rank.
    /// Trivially copyable types and strings or vectors of them travel as raw
    /// bytes; any other type needs a cereal serialize function and a default
    /// constructor. Sizes may differ between ranks; counts are 64-bit.
    /// @throw qzone::MpiError if MPI fails; qzone::Error if a value cannot be decoded.
    template<typename T>
    std::vector<T> gather(const T& value) const {
        return detail::all_gather(member_comm(), value);
    }

    /// All-reduce of a scalar or, element-wise, of a std::vector. std::plus<>,
    /// std::multiplies<>, qzone::min_op, qzone::max_op, std::logical_and<>,
    /// std::logical_or<>, std::bit_and<>, std::bit_or<> and std::bit_xor<>
    /// on arithmetic (or, for plus and multiplies, complex) types map onto
    /// MPI's predefined operations. Any other functor, which must be
    /// associative, is applied in rank order to the gathered values, so every
    /// rank gets the identical result.
    /// Pass a large vector with std::move to have it reduced in its own
    /// storage instead of a copy.
    /// @throw qzone::Error (on every rank) if vectors differ in length;
    ///        qzone::MpiError if MPI fails.
    template<typename T, typename Op>
    T reduce(T value, Op op) const {
        return detail::all_reduce(member_comm(), std::move(value), op);
    }

    /// A collective check: returns on every rank if `ok` is true on every
    /// rank, and otherwise throws the same AgreementError on every rank, whose
    /// message lists each failing rank with its `what`. Use it before any
    /// step a rank-local failure would otherwise leave the others waiting at.
    /// @param kind  the kind of the error thrown (ErrorKind::input by default).
    /// @throw qzone::AgreementError as described; qzone::MpiError if MPI fails.
    void agree(bool ok, const std::string& what, ErrorKind kind = ErrorKind::input) const;

    /// Every rank passes the exception it caught (nullptr if none). If any
    /// rank failed, every rank throws the failure of the lowest failing rank:
    /// the plain qzone::Error subclass of its kind (see throw_error) with its
    /// message, so all ranks stop together with one message and one exit
    /// code. Costs one all-reduce of a bool when nobody failed. Collective.
    /// Use it around work that can fail on some ranks only (file-system calls
    /// on rank 0, reading a rank's share).
    /// @throw qzone::Error as described; qzone::MpiError if MPI fails.
    void raise_together(const std::exception_ptr& failure) const;

    /// Runs `work` on every rank; then every rank returns, or every rank
    /// throws the lowest failing rank's error (see raise_together). For work
    /// that can fail on some ranks only. Collective.
    template<typename Work>
    void on_every_rank(Work&& work) const {
        std::exception_ptr failure;
        try {
            work();
        } catch (...) {
            failure = std::current_exception();
        }
        raise_together(failure);
    }

    /// Runs `work` on rank 0 alone; then every rank returns, or every rank
    /// throws what `work` threw (see raise_together). Collective.
    template<typename Work>
    void on_root(Work&& work) const {
        const bool root = my_resource_set().mpi_rank() == 0;
        on_every_rank([&] {
            if (root) work();
        });
    }

    /// Whether both are copies of one view.
    bool operator==(const RuntimeView& other) const noexcept { return impl_ == other.impl_; }
    bool operator!=(const RuntimeView& other) const noexcept { return !(*this == other); }

private:
    /// The communicator, after checking the caller is a member.
    /// @throw qzone::Error if has_me() is false.
    mpi_comm_type member_comm() const;

    std::shared_ptr<detail::RuntimeViewImpl> impl_;
};

} // namespace qzone
