#pragma once
// Private: starts MPI and Kokkos when nobody else has, and finalizes exactly
// what it started.

namespace qzone::detail {

/// Owns the MPI and Kokkos environments it had to start. Not copyable: one
/// per RuntimeView state.
class LibraryLifetime {
public:
    /// Starts MPI (MPI_THREAD_FUNNELED) and Kokkos unless already running.
    /// @throw qzone::Error if MPI was already finalized (it cannot restart),
    ///        or Kokkos targets CUDA and no device is usable.
    LibraryLifetime(int argc, char** argv);
    LibraryLifetime(const LibraryLifetime&) = delete;
    LibraryLifetime& operator=(const LibraryLifetime&) = delete;
    /// Finalizes Kokkos, then MPI, each only if this object started it.
    ~LibraryLifetime() noexcept;

    bool started_mpi() const noexcept { return started_mpi_; }
    bool started_kokkos() const noexcept { return started_kokkos_; }

private:
    void start_kokkos(int argc, char** argv);

    bool started_mpi_ = false;
    bool started_kokkos_ = false;
};

} // namespace qzone::detail
