// qzone inside a program that owns MPI.
//
// The program initializes MPI itself, splits MPI_COMM_WORLD into two groups,
// and gives each group its own RuntimeView. Group 0 prepares a 12-qubit GHZ
// state and measures <Z0 Z11> (1 exactly); group 1 prepares ry(theta)|0> on
// 10 qubits and measures <Z0> (cos theta). Then the views go, the program
// combines both groups' results with its own MPI_Allreduce on MPI_COMM_WORLD,
// and finalizes MPI itself.
//
//   mpirun -np 4 qzone-embed

#include <cmath>
#include <cstdio>

#include <mpi.h>

#include <runtime/apply_gate.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/measurement.hpp>
#include <runtime/runtime_view.hpp>

namespace {

constexpr double theta = 0.8;

/// This group's simulation; returns its expectation value on every rank.
double simulate(MPI_Comm group_comm, int group) {
    const qzone::RuntimeView runtime(group_comm); // does not touch MPI's lifetime
    if (group == 0) {
        qzone::DistributedState state(runtime, 12);
        qzone::apply_gate(state, "h", {0});
        for (unsigned q = 0; q + 1 < 12; ++q) qzone::apply_gate(state, qzone::gates::cx(q, q + 1));
        return qzone::expectation(state, qzone::PauliString::parse("Z0 Z11"));
    }
    qzone::DistributedState state(runtime, 10);
    qzone::apply_gate(state, qzone::gates::ry(0, theta));
    return qzone::expectation(state, qzone::PauliString::parse("Z0"));
} // the view, its duplicate communicator and (if it started it) Kokkos end here

} // namespace

int main(int argc, char** argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank = 0, size = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        if (rank == 0) std::fprintf(stderr, "qzone-embed: needs at least 2 ranks (two groups)\n");
        MPI_Finalize();
        return 2;
    }
    const int group = rank < size / 2 ? 0 : 1;
    MPI_Comm group_comm = MPI_COMM_NULL;
    MPI_Comm_split(MPI_COMM_WORLD, group, rank, &group_comm);

    int status = 0;
    double result = 0;
    try {
        result = simulate(group_comm, group);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qzone-embed: rank %d: %s\n", rank, e.what());
        status = 1;
    }
    MPI_Comm_free(&group_comm);

    // Still the program's MPI: combine one value per group on MPI_COMM_WORLD.
    const int group_root = rank == 0 || rank == size / 2;
    double contribution[2] = {group_root && group == 0 ? result : 0.0, group_root && group == 1 ? result : 0.0};
    double combined[2] = {0, 0};
    int any_failed = 0;
    MPI_Allreduce(contribution, combined, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(&status, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    const bool right = std::abs(combined[0] - 1.0) < 1e-12 && std::abs(combined[1] - std::cos(theta)) < 1e-12;
    if (rank == 0)
        std::printf("qzone-embed: group 0 <Z0 Z11> = %.15f (expected 1), group 1 <Z0> = %.15f (expected cos(%.1f) = "
                    "%.15f): %s\n",
                    combined[0], combined[1], theta, std::cos(theta), right && !any_failed ? "ok" : "WRONG");
    MPI_Finalize();
    return right && !any_failed ? 0 : 1;
}
