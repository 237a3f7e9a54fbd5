// A program that owns MPI: it initializes MPI, gives qzone a split of
// MPI_COMM_WORLD (and MPI_COMM_NULL to ranks outside any group), lets the
// views go, then keeps using MPI and finalizes it itself. Exit code 0 when
// every check holds on every rank.

#include <cstdio>
#include <functional>
#include <vector>

#include <mpi.h>

#include <runtime/runtime_view.hpp>

#include "program_checks.hpp"

namespace {

qzone::testing::ProgramChecks check("lifecycle_embedded");

} // namespace

int main(int argc, char** argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank = 0, size = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    // Two groups of ranks; with 3 or more ranks the last one stays out.
    const bool outside = size >= 3 && rank == size - 1;
    const int color = outside ? MPI_UNDEFINED : rank % 2;
    MPI_Comm group = MPI_COMM_NULL;
    MPI_Comm_split(MPI_COMM_WORLD, color, rank, &group);

    int callbacks_run = 0;
    {
        const qzone::RuntimeView view(group);
        check(!view.did_i_start_mpi(), "a view of a program that owns MPI does not start it");
        check(view.has_me() == !outside, "has_me() tells group membership");
        if (!outside) {
            int group_size = 0;
            MPI_Comm_size(group, &group_size);
            check(view.size() == static_cast<std::size_t>(group_size), "the view has the group's size");
            const std::vector<int> members = view.gather(rank);
            bool in_order = true;
            for (std::size_t i = 0; i < members.size(); ++i) in_order = in_order && members[i] % 2 == rank % 2;
            check(in_order, "the view gathers only its group's ranks");
        }
        qzone::RuntimeView(view).stack_callback([&callbacks_run] { ++callbacks_run; });
    }
    check(callbacks_run == 1, "the view's callback ran when it died");

    int finalized = 1;
    MPI_Finalized(&finalized);
    check(!finalized, "MPI is still running after the views are gone");
    int total = 0, one = 1;
    check(MPI_Allreduce(&one, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD) == MPI_SUCCESS && total == size,
          "MPI_COMM_WORLD still works");

    int all_failures = 0;
    int failures = check.failures();
    MPI_Allreduce(&failures, &all_failures, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (group != MPI_COMM_NULL) MPI_Comm_free(&group);
    MPI_Finalize();
    if (rank == 0 && all_failures == 0) std::printf("lifecycle_embedded: all checks passed\n");
    return all_failures == 0 ? 0 : 1;
}
