// A program that leaves MPI and Kokkos to qzone: the first RuntimeView starts
// both; its callbacks run last-in-first-out while MPI still works, a throwing
// callback does not stop the others, and MPI and Kokkos are finalized only
// when the last copy of the view dies. Exit code 0 when every check holds.

#include <cstdio>
#include <stdexcept>
#include <vector>

#include <Kokkos_Core.hpp>
#include <mpi.h>

#include <runtime/runtime_view.hpp>

#include "program_checks.hpp"

namespace {

qzone::testing::ProgramChecks check("lifecycle_owner");

bool mpi_finalized() {
    int flag = 0;
    MPI_Finalized(&flag);
    return flag != 0;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<int> order;
    bool mpi_alive_in_callbacks = true;
    {
        std::unique_ptr<qzone::RuntimeView> original = std::make_unique<qzone::RuntimeView>(argc, argv);
        check(original->did_i_start_mpi(), "the first view starts MPI");
        check(original->did_i_start_kokkos(), "the first view starts Kokkos");
        const qzone::RuntimeView copy = *original;
        for (int i = 1; i <= 3; ++i) {
            original->stack_callback([&, i] {
                order.push_back(i);
                int initialized = 0;
                MPI_Initialized(&initialized);
                mpi_alive_in_callbacks = mpi_alive_in_callbacks && initialized && !mpi_finalized() &&
                                         Kokkos::is_initialized();
            });
            if (i == 2) original->stack_callback([] { throw std::runtime_error("deliberate callback failure"); });
        }
        original.reset();
        check(order.empty(), "callbacks wait for the last copy");
        check(!mpi_finalized(), "MPI outlives a copy that is not the last");
        check(copy.reduce(1, std::plus<>{}) == static_cast<int>(copy.size()), "the surviving copy still works");
    }
    check(order == std::vector<int>({3, 2, 1}), "callbacks run last in, first out, past a throwing one");
    check(mpi_alive_in_callbacks, "MPI and Kokkos are alive while callbacks run");
    check(mpi_finalized(), "MPI is finalized after the last copy");
    check(!Kokkos::is_initialized(), "Kokkos is finalized after the last copy");
    if (check.failures() == 0) std::printf("lifecycle_owner: all checks passed\n");
    return check.failures() == 0 ? 0 : 1;
}
