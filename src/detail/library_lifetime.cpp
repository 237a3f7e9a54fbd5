#include "library_lifetime.hpp"

#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>
#include <mpi.h>

#include <runtime/errors.hpp>

#include "gpu_query.hpp"
#include "kernel_path.hpp"
#include "mpi_check.hpp"

namespace qzone::detail {
namespace {

bool mpi_initialized() {
    int flag = 0;
    MPI_Initialized(&flag);
    return flag != 0;
}

bool mpi_finalized() {
    int flag = 0;
    MPI_Finalized(&flag);
    return flag != 0;
}

/// Kokkos reads KOKKOS_NUM_THREADS itself and throws or aborts on a value it
/// cannot use; the value is checked first so the message names it.
void check_kokkos_environment() {
    const char* threads = std::getenv("KOKKOS_NUM_THREADS");
    if (threads == nullptr || *threads == '\0') return;
    const std::string value = threads;
    const bool whole = value.size() <= 7 && value.find_first_not_of("0123456789") == std::string::npos;
    if (!whole || std::stoul(value) == 0 || std::stoul(value) > 1'000'000)
        throw InputError("KOKKOS_NUM_THREADS: '" + value +
                         "' is not a number of threads (a whole number from 1 to 1000000)");
}

} // namespace

LibraryLifetime::LibraryLifetime(int argc, char** argv) {
    if (mpi_finalized())
        throw InputError("RuntimeView: MPI has already been finalized in this process and cannot be restarted");
    if (!mpi_initialized()) {
        int provided = 0;
        int* argc_ptr = argv != nullptr ? &argc : nullptr;
        char*** argv_ptr = argv != nullptr ? &argv : nullptr;
        check_mpi(MPI_Init_thread(argc_ptr, argv_ptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
        started_mpi_ = true;
    }
    try {
        start_kokkos(argc, argv);
    } catch (const Error&) {
        kokkos_failure_ = std::current_exception();
    } catch (const std::exception& e) {
        // Kokkos' messages go on with a line about tracebacks: the first says it.
        const std::string message = e.what();
        kokkos_failure_ = std::make_exception_ptr(
            InputError("Kokkos could not start: " + message.substr(0, message.find('\n'))));
    }
}

void LibraryLifetime::start_kokkos(int argc, char** argv) {
    kernels::set_kernel_path_from_environment(std::getenv("QZONE_KERNEL_PATH"));
    if (Kokkos::is_initialized()) return;
    check_kokkos_environment();
#ifdef KOKKOS_ENABLE_CUDA
    // Kokkos aborts without a device; say why instead.
    if (const GpuQuery gpus = query_gpus(); gpus.devices.empty())
        throw ResourceError("RuntimeView: Kokkos was built for CUDA but no CUDA device is usable (" + gpus.why_none +
                            "); run on a GPU node or use a Kokkos build with the Serial or OpenMP backend");
#endif
    if (argv != nullptr) {
        // Kokkos removes its own --kokkos-* arguments; it works on a copy so
        // the caller's argv stays as it was.
        std::vector<char*> arguments(argv, argv + argc);
        arguments.push_back(nullptr);
        int count = argc;
        Kokkos::initialize(count, arguments.data());
    } else {
        Kokkos::initialize();
    }
    started_kokkos_ = true;
}

LibraryLifetime::~LibraryLifetime() noexcept {
    if (started_kokkos_ && Kokkos::is_initialized()) Kokkos::finalize();
    if (!started_mpi_ || mpi_finalized()) return;
    // Torn down by an exception (a view whose construction failed on every
    // rank together): whoever catches it may still report it from rank 0
    // while the other ranks are alive. Once a rank has finalized and exited,
    // mpirun may kill rank 0 before it printed; so MPI ends at exit then.
    if (std::uncaught_exceptions() > 0) {
        std::atexit([] {
            if (!mpi_finalized()) MPI_Finalize();
        });
        return;
    }
    MPI_Finalize();
}

} // namespace qzone::detail
