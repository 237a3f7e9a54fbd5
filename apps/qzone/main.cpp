// qzone: run an OpenQASM circuit on all ranks, run a batch of circuits over
// groups of ranks, plan a circuit for a machine of any size, or describe the
// machine.
//
//   mpirun -np 4 qzone run circuit.qasm --shots 1000 --seed 7 --output result.json
//   mpirun -np 4 qzone batch tasks.jsonl --output results.jsonl --group-size 2
//   mpirun -np 2 qzone info
//   qzone plan circuit.qasm --ranks 1024 --ranks-per-node 64 --json
//
// Every failure is agreed by all ranks before anyone exits: one message from
// rank 0, the same exit code everywhere (exit_codes.hpp, docs/errors.md).

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include <runtime/build_info.hpp>
#include <runtime/run.hpp>
#include <runtime/runtime_view.hpp>

#include "batch_command.hpp"
#include "command_line.hpp"
#include "exit_codes.hpp"
#include "info_command.hpp"
#include "launch_rank.hpp"
#include "plan_command.hpp"
#include "result_json.hpp"
#include "run_command.hpp"
#include "stop_signals.hpp"

namespace {

using namespace qzone;
using namespace qzone::app;

/// Checks that Kokkos gave this rank the threads --threads asked for.
void check_threads(const RuntimeView& rt, std::size_t threads) {
    const std::size_t have = rt.my_resource_set().host_threads();
    rt.agree(have == threads, "--threads " + std::to_string(threads) + ": Kokkos runs this rank's kernels on " +
                                  std::to_string(have) + " host thread(s) (host execution space " +
                                  build_info().kokkos_host_execution_space +
                                  "); more threads per rank need a Kokkos built with OpenMP, see docs/building.md");
}

int execute(const RuntimeView& rt, CommandLine& line) {
    if (!line.log_level.empty()) rt.logger().set_level(parse_log_level(line.log_level));
    if (line.threads != 0) check_threads(rt, line.threads);
    if (line.info->parsed()) {
        const std::string text = dump(describe_machine(rt));
        if (rt.my_resource_set().mpi_rank() == 0) std::cout << text << std::endl;
        return exit_success;
    }
    if (line.plan->parsed()) {
        plan(rt, line.plan_command);
        return exit_success;
    }
    if (line.batch->parsed()) {
        switch (run_batch_command(rt, line.batch_command)) {
        case BatchEnd::all_completed: return exit_success;
        case BatchEnd::some_failed: return exit_tasks_failed;
        case BatchEnd::stopped: return exit_interrupted;
        }
    }
    run(rt, line.command);
    return exit_success;
}

/// Whether the command stops at a step boundary when asked: a batch, or a
/// run that writes checkpoints.
bool honours_stop_requests(const CommandLine& line) {
    return line.batch->parsed() || (line.run->parsed() && !line.command.options.checkpoint.directory.empty());
}

} // namespace

int main(int argc, char** argv) {
    catch_stop_signals();
    // No command line for MPI and Kokkos: Kokkos would answer --help itself.
    // Kokkos takes its settings from KOKKOS_* environment variables instead,
    // and --threads reaches it that way.
    if (const auto threads = threads_argument(argc, argv)) setenv("KOKKOS_NUM_THREADS", threads->c_str(), 1);
    std::optional<RuntimeView> view;
    try {
        view.emplace();
    } catch (const std::exception& e) {
        // Raised on every rank together (a bad environment), before any rank
        // knows its number from MPI.
        const auto [kind, message] = describe(e);
        if (launched_as_rank_zero()) std::fprintf(stderr, "qzone: error: %s\n", message.c_str());
        return exit_code(kind);
    }
    const RuntimeView& rt = *view;
    const bool root = rt.my_resource_set().mpi_rank() == 0;

    CommandLine line;
    try {
        line.app->parse(argc, argv);
        line.finish();
    } catch (const CLI::ParseError& e) {
        // Every rank parsed the same arguments and reached the same verdict;
        // rank 0 speaks for all. --help and --version are not errors.
        if (root) line.app->exit(e);
        return e.get_exit_code() == 0 ? exit_success : exit_bad_input;
    }
    if (!honours_stop_requests(line)) release_stop_signals();

    // Library errors are thrown on every rank together (agreed before
    // anyone throws), so each rank returns the same code here.
    const auto fail = [root](int code, const char* prefix, const char* message) {
        if (root) std::fprintf(stderr, "qzone: %s%s\n", prefix, message);
        return code;
    };
    try {
        return execute(rt, line);
    } catch (const RunInterrupted& e) {
        return fail(exit_interrupted, "",
                    (std::string(e.what()) + "; continue with --resume " + line.command.options.checkpoint.directory)
                        .c_str());
    } catch (const ReplayDivergence& e) {
        return fail(exit_replay_diverged, "", e.what());
    } catch (const Error& e) {
        return fail(exit_code(e.kind()), "error: ", e.what());
    } catch (const std::exception& e) {
        const auto [kind, message] = describe(e);
        return fail(exit_code(kind), "error: ", message.c_str());
    }
}
