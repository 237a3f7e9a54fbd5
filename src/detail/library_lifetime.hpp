#pragma once
// Private: starts MPI and Kokkos when nobody else has, and finalizes exactly
// what it started.

#include <exception>

namespace qzone::detail {

/// Owns the MPI and Kokkos environments it had to start. Not copyable: one
/// per RuntimeView state.
class LibraryLifetime {
public:
    /// Starts MPI (MPI_THREAD_FUNNELED) and Kokkos unless already running.
    /// A failure to start Kokkos (a bad KOKKOS_* variable, no CUDA device for
    /// a CUDA build) is kept in kokkos_failure() instead of thrown, so that
    /// the ranks can agree on it over MPI before anyone throws.
    /// @throw qzone::Error if MPI was already finalized (it cannot restart).
    LibraryLifetime(int argc, char** argv);
    LibraryLifetime(const LibraryLifetime&) = delete;
    LibraryLifetime& operator=(const LibraryLifetime&) = delete;
    /// Finalizes Kokkos, then MPI, each only if this object started it;
    /// MPI at process exit instead when an exception is unwinding (so its
    /// catcher can still report it while every rank is alive).
    ~LibraryLifetime() noexcept;

    bool started_mpi() const noexcept { return started_mpi_; }
    bool started_kokkos() const noexcept { return started_kokkos_; }
    /// Why Kokkos did not start (a qzone::Error), or null.
    const std::exception_ptr& kokkos_failure() const noexcept { return kokkos_failure_; }

private:
    void start_kokkos(int argc, char** argv);

    bool started_mpi_ = false;
    bool started_kokkos_ = false;
    std::exception_ptr kokkos_failure_;
};

} // namespace qzone::detail
