// qzone-bench-batch: the scheduling overhead of run_batch.
//
//   mpirun -np 2 qzone-bench-batch CIRCUIT [--tasks 2000] [--shots 100] [--group-size 1]
//       [--slow CIRCUIT --slow-every K]
//
// The reference is the same tasks in a plain loop inside one process per
// rank (each rank takes every size-th task and calls run_circuit on a view of
// itself alone, the circuit parsed once): no scheduling at all. Then
// run_batch runs them over groups. Prints both throughputs (tasks/s), their
// ratio, each group's busy fraction and the peak RSS per rank. With --slow,
// every K-th task runs the second circuit instead (uneven task costs).

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <runtime/batch.hpp>
#include <runtime/files.hpp>
#include <runtime/qasm.hpp>

#include "timing.hpp"

int main(int argc, char** argv) {
    const qzone::RuntimeView world(argc, argv);
    std::string circuit, slow;
    std::size_t tasks = 2000, shots = 100, group_size = 1, slow_every = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        const auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (key == "--tasks") tasks = std::stoul(value());
        else if (key == "--shots") shots = std::stoul(value());
        else if (key == "--group-size") group_size = std::stoul(value());
        else if (key == "--slow") slow = value();
        else if (key == "--slow-every") slow_every = std::stoul(value());
        else circuit = key;
    }
    const bool root = world.my_resource_set().mpi_rank() == 0;
    if (circuit.empty()) {
        if (root) std::fprintf(stderr, "usage: qzone-bench-batch CIRCUIT [--tasks N] [--shots S] [--group-size G]\n");
        return 2;
    }
    std::vector<qzone::BatchTask> list(tasks);
    for (std::size_t t = 0; t < tasks; ++t) {
        list[t].id = std::to_string(t);
        list[t].circuit_path = slow_every > 0 && t % slow_every == 0 ? slow : circuit;
        list[t].options.shots = shots;
        list[t].options.seed = t;
    }

    // Reference: a loop per rank over its share, each rank a view of itself.
    const auto start = std::chrono::steady_clock::now();
    {
        const qzone::RuntimeView self(MPI_COMM_SELF);
        const qzone::Circuit fast_circuit = qzone::parse_qasm_file(circuit);
        const qzone::Circuit slow_circuit = slow.empty() ? fast_circuit : qzone::parse_qasm_file(slow);
        for (std::size_t t = world.my_resource_set().mpi_rank(); t < tasks; t += world.size())
            qzone::run_circuit(self, list[t].circuit_path == circuit ? fast_circuit : slow_circuit, list[t].options);
    }
    world.barrier();
    const double loop_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double loop_slowest = world.reduce(loop_seconds, qzone::max_op{});

    qzone::BatchOptions options;
    options.group_size = group_size;
    const qzone::BatchSummary summary = qzone::run_batch(world, list, options, [](const auto&, const auto&) {});
    const std::vector<long> peaks = world.gather(static_cast<long>(qzone::bench::peak_resident_bytes() / 1024));
    if (root) {
        std::printf("%zu tasks on %zu ranks, groups of %zu (%zu groups)\n", tasks, world.size(), group_size,
                    summary.groups);
        std::printf("reference: loop in one process per rank  %9.1f tasks/s (%.3f s)\n", tasks / loop_slowest,
                    loop_slowest);
        std::printf("run_batch                                %9.1f tasks/s (%.3f s)  ratio %.3f\n",
                    tasks / summary.seconds, summary.seconds, loop_slowest / summary.seconds);
        std::printf("task seconds min/mean/max: %.5f %.5f %.5f\n", summary.task_seconds_min, summary.task_seconds_mean,
                    summary.task_seconds_max);
        std::printf("group busy fraction:");
        for (double f : summary.group_busy_fraction) std::printf(" %.3f", f);
        std::printf("\npeak RSS per rank (MiB):");
        for (long kib : peaks) std::printf(" %.1f", kib / 1024.0);
        std::printf("\n");
    }
}
