#include "library_lifetime.hpp"

#include <cstdlib>
#include <exception>
#include <optional>
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

/// `text` as a whole number of at most `digits` digits, or std::nullopt.
std::optional<unsigned long> whole_number(const std::string& text, std::size_t digits) {
    if (text.empty() || text.size() > digits || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoul(text);
}

/// Kokkos reads KOKKOS_NUM_THREADS itself and throws or aborts on a value it
/// cannot use; the value is checked first so the message names it.
void check_kokkos_environment() {
    const char* threads = std::getenv("KOKKOS_NUM_THREADS");
    if (threads == nullptr || *threads == '\0') return;
    const std::string value = threads;
    const std::optional<unsigned long> count = whole_number(value, 7);
    if (!count || *count == 0 || *count > 1'000'000)
        throw InputError("KOKKOS_NUM_THREADS: '" + value +
                         "' is not a number of threads (a whole number from 1 to 1000000)");
}

#ifdef KOKKOS_ENABLE_CUDA
/// Whether the user chose the device Kokkos runs on (an argument or the
/// environment); then Kokkos decides, as documented by Kokkos.
bool device_chosen_by_user(int argc, char** argv) {
    for (const char* variable : {"KOKKOS_DEVICE_ID", "KOKKOS_MAP_DEVICE_ID_BY"})
        if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') return true;
    for (int i = 1; argv != nullptr && i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument.rfind("--kokkos-device-id", 0) == 0 || argument.rfind("--kokkos-map-device-id-by", 0) == 0)
            return true;
    }
    return false;
}

/// This process's rank among the processes of its node as the launcher
/// reports it (Open MPI, MPICH's Hydra, MVAPICH2, Slurm, PMI, PALS); -1 if
/// none does. Read from the environment, not by a collective: the first view
/// may be built by some ranks only, on a communicator of their own.
int launcher_node_local_rank() {
    for (const char* variable : {"OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "MV2_COMM_WORLD_LOCAL_RANK",
                                 "SLURM_LOCALID", "PMI_LOCAL_RANK", "PALS_LOCAL_RANKID"})
        if (const char* value = std::getenv(variable); value != nullptr)
            if (const std::optional<unsigned long> rank = whole_number(value, 6)) return static_cast<int>(*rank);
    return -1;
}
#endif

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
    // Kokkos removes its own --kokkos-* arguments; it works on a copy so the
    // caller's argv stays as it was.
    static char program_name[] = "qzone";
    std::vector<char*> arguments;
    if (argv != nullptr) arguments.assign(argv, argv + argc);
    else arguments.push_back(program_name);
#ifdef KOKKOS_ENABLE_CUDA
    // Kokkos aborts without a device; say why instead.
    const GpuQuery gpus = query_gpus();
    if (gpus.devices.empty())
        throw ResourceError("RuntimeView: Kokkos was built for CUDA but no CUDA device is usable (" + gpus.why_none +
                            "); run on a GPU node or use a Kokkos build with the Serial or OpenMP backend");
    // One GPU per rank: the ranks of a node take its devices in turn.
    std::string device_argument;
    if (const int local = launcher_node_local_rank(); local >= 0 && !device_chosen_by_user(argc, argv)) {
        const std::size_t device = static_cast<std::size_t>(local) % gpus.devices.size();
        device_argument = "--kokkos-device-id=" + std::to_string(gpus.devices[device].device_index);
        arguments.push_back(device_argument.data());
    }
#endif
    int count = static_cast<int>(arguments.size());
    arguments.push_back(nullptr);
    Kokkos::initialize(count, arguments.data());
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
