// qzone: run an OpenQASM 2.0 circuit on all ranks, or describe the machine.
//
//   mpirun -np 4 qzone run circuit.qasm --shots 1000 --seed 7 --output result.json
//   mpirun -np 2 qzone info
//
// Exit codes, the same on every rank: 0 success; 2 bad input (options,
// circuit, request, unusable checkpoints); 1 failure while running (MPI);
// 3 stopped by SIGTERM or SIGUSR1 after writing a checkpoint.

#include <algorithm>
#include <chrono>
#include <complex>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <runtime/build_info.hpp>
#include <runtime/fingerprint.hpp>
#include <runtime/qasm.hpp>
#include <runtime/checkpoint.hpp>
#include <runtime/run.hpp>
#include <runtime/runtime_view.hpp>

namespace {

constexpr int exit_bad_input = 2;
constexpr int exit_failure = 1;
constexpr int exit_interrupted = 3; // stopped by SIGTERM/SIGUSR1 after writing a checkpoint
constexpr int exit_replay_diverged = 4;

/// Set by SIGTERM or SIGUSR1 (what Slurm sends before a time limit); the run
/// checkpoints at the next step boundary and stops.
volatile std::sig_atomic_t stop_signal = 0;
extern "C" void request_stop(int) { stop_signal = 1; }

/// "64MiB", "1GiB", "512KiB", "1000000" -> bytes.
std::size_t parse_bytes(const std::string& text) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw CLI::ValidationError("'" + text + "' is not a size (examples: 64MiB, 2GiB, 1048576)");
    }
    const std::string unit = text.substr(used);
    double scale = 1;
    if (unit == "KiB") scale = 1024.0;
    else if (unit == "MiB") scale = 1024.0 * 1024;
    else if (unit == "GiB") scale = 1024.0 * 1024 * 1024;
    else if (!unit.empty() && unit != "B")
        throw CLI::ValidationError("'" + text + "': unknown unit '" + unit + "' (use B, KiB, MiB or GiB)");
    if (!(value > 0)) throw CLI::ValidationError("'" + text + "' must be positive");
    return static_cast<std::size_t>(value * scale);
}

/// Every rank reports its error message (empty if none); if any failed, rank
/// 0 prints the first, in rank order, and every rank returns `code`.
/// Returns 0 otherwise.
int fail_together(const qzone::RuntimeView& rt, const std::string& error, int code) {
    const std::string first = rt.first_error(error);
    if (first.empty()) return 0;
    if (rt.my_resource_set().mpi_rank() == 0) std::fprintf(stderr, "%s\n", first.c_str());
    return code;
}

std::string qzone_error(const std::string& message) { return "qzone: error: " + message; }

/// The value of --threads N (or --threads=N) when it is a positive number,
/// looked up before MPI and Kokkos start: Kokkos reads its thread count only
/// when it starts. Anything else is left to the option parser to reject.
std::optional<std::string> threads_argument(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        std::string value;
        if (argument == "--threads" && i + 1 < argc) value = argv[i + 1];
        else if (argument.rfind("--threads=", 0) == 0) value = argument.substr(10);
        else continue;
        const bool number = !value.empty() && value.size() <= 4 &&
                            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (number && std::stoi(value) > 0) return value;
        return std::nullopt;
    }
    return std::nullopt;
}

/// Host threads per rank: one number when every rank has the same, else one per rank.
nlohmann::json threads_per_rank(const qzone::RuntimeView& rt) {
    nlohmann::json each = nlohmann::json::array();
    for (std::size_t r = 0; r < rt.size(); ++r) each.push_back(rt.at(r).host_threads());
    return std::all_of(each.begin(), each.end(), [&](const nlohmann::json& n) { return n == each[0]; }) ? each[0]
                                                                                                       : each;
}

/// Writes `text` to `path` ("-": stdout) through a temporary file renamed
/// into place, so a failed run never leaves half a result behind.
void write_output(const std::string& path, const std::string& text) {
    if (path == "-") {
        std::cout << text << std::endl;
        return;
    }
    const std::string temporary = path + ".tmp";
    {
        std::ofstream file(temporary);
        file << text << '\n';
        if (!file) throw std::runtime_error("cannot write '" + temporary + "'");
    }
    std::filesystem::rename(temporary, path);
}

nlohmann::json describe_machine(const qzone::RuntimeView& rt) {
    const qzone::BuildInfo build = qzone::build_info();
    nlohmann::json ranks = nlohmann::json::array();
    for (std::size_t r = 0; r < rt.size(); ++r) {
        const qzone::ResourceSet& resources = rt.at(r);
        nlohmann::json gpus = nlohmann::json::array();
        for (const qzone::GPU& gpu : resources.gpus())
            gpus.push_back({{"device_index", gpu.device_index()},
                            {"name", gpu.name()},
                            {"total_bytes", gpu.total_memory()},
                            {"free_bytes", gpu.free_memory()}});
        ranks.push_back({{"rank", r},
                         {"hostname", resources.hostname()},
                         {"node_index", resources.node_index()},
                         {"node_local_rank", resources.node_local_rank()},
                         {"host_threads", resources.host_threads()},
                         {"ram", {{"total_bytes", resources.ram().total_space()},
                                  {"available_bytes", resources.ram().available_space()}}},
                         {"gpus", gpus}});
    }
    return {{"build",
             {{"qzone", build.qzone_version},
              {"kokkos", build.kokkos_version},
              {"kokkos_execution_space", build.kokkos_execution_space},
              {"kokkos_host_execution_space", build.kokkos_host_execution_space},
              {"mpi", build.mpi_library},
              {"mpi_cuda_aware", build.mpi_cuda_aware},
              {"cuda_enabled", build.cuda_enabled},
              {"cuda_runtime", build.cuda_runtime_version},
              {"nccl", build.nccl_version}}},
            {"ranks", rt.size()},
            {"threads_per_rank", threads_per_rank(rt)},
            {"nodes", rt.node_count()},
            {"resource_sets", ranks}};
}

/// A progress bar on rank 0's stderr for runs longer than two seconds, drawn
/// at most ten times a second: automatically when stderr is a terminal, or
/// always with --progress (under mpirun a rank's stderr is a pipe to mpirun,
/// which passes the bar on to its own terminal).
class ProgressBar {
public:
    ProgressBar(bool root, bool forced) : enabled_(root && (forced || isatty(fileno(stderr)))) {}
    ~ProgressBar() {
        if (drawn_) std::fprintf(stderr, "\n");
    }

    void update(std::size_t done, std::size_t total) {
        if (!enabled_) return;
        const auto now = std::chrono::steady_clock::now();
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        if (elapsed < 2.0 || (now - last_ < std::chrono::milliseconds(100) && done != total)) return;
        last_ = now;
        constexpr int width = 30;
        const int filled = total ? static_cast<int>(width * done / total) : width;
        std::fprintf(stderr, "\r[%s%s] %zu/%zu operations, %.1f s, %.0f/s", std::string(filled, '#').c_str(),
                     std::string(width - filled, ' ').c_str(), done, total, elapsed, done / elapsed);
        std::fflush(stderr);
        drawn_ = true;
    }

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_ = start_;
};

struct RunCommand {
    std::string file;
    std::string output = "-";
    std::string exchange_buffer = "64MiB";
    std::string max_memory;
    std::string metrics;
    bool progress = false;
    qzone::RunOptions options;
};

nlohmann::json to_json(const qzone::OperationMetrics& m) {
    nlohmann::json json = {{"name", m.name},
                           {"count", m.count},
                           {"seconds", {{"min", m.seconds_min}, {"mean", m.seconds_mean}, {"max", m.seconds_max}}},
                           {"bytes_exchanged", m.bytes_exchanged},
                           {"exchange_gb_per_s", m.gigabytes_per_second()}};
    if (m.step > 0) json["step"] = m.step;
    return json;
}

nlohmann::json to_json(const qzone::RunMetrics& metrics) {
    nlohmann::json kinds = nlohmann::json::array(), steps = nlohmann::json::array();
    for (const auto& m : metrics.by_kind) kinds.push_back(to_json(m));
    for (const auto& m : metrics.by_step) steps.push_back(to_json(m));
    return {{"total", to_json(metrics.total)},
            {"by_kind", kinds},
            {"by_step", steps},
            {"peak_memory_bytes_per_rank", metrics.peak_memory_bytes}};
}

/// One line for the log: totals and the three costliest gate kinds.
std::string summary(const qzone::RunMetrics& metrics) {
    std::vector<qzone::OperationMetrics> kinds = metrics.by_kind;
    std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.seconds_max > b.seconds_max; });
    std::ostringstream text;
    text.precision(3);
    text << "metrics: " << metrics.total.count << " plan steps in " << metrics.total.seconds_max << " s (slowest rank), "
         << metrics.total.bytes_exchanged / 1e9 << " GB exchanged; costliest:";
    for (std::size_t i = 0; i < kinds.size() && i < 3; ++i)
        text << ' ' << kinds[i].name << " " << kinds[i].seconds_max << " s (" << kinds[i].count << ")";
    return text.str();
}

int run(const qzone::RuntimeView& rt, const RunCommand& command) {
    const auto start = std::chrono::steady_clock::now();
    const bool root = rt.my_resource_set().mpi_rank() == 0;
    // Rank 0 reads the program (standard input reaches rank 0 only) and
    // sends it to all; every rank then parses the same text.
    std::string text, error;
    if (root) {
        if (command.file == "-") {
            text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        } else {
            std::ifstream file(command.file, std::ios::binary);
            if (!file) error = qzone_error(command.file + ": cannot read the file");
            else text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
        }
    }
    if (int code = fail_together(rt, error, exit_bad_input)) return code;
    text = rt.at(0).ram().broadcast(text);

    qzone::Circuit circuit;
    try {
        circuit = qzone::parse_qasm(text, command.file == "-" ? "<stdin>" : command.file);
    } catch (const qzone::QasmError& e) {
        error = e.what(); // already "file:line:column: error: ..."
    }
    if (int code = fail_together(rt, error, exit_bad_input)) return code;
    const double parse_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const std::string& warning : circuit.warnings) rt.logger().warn(warning);

    qzone::RunOptions options = command.options;
    options.state.exchange_buffer_bytes = parse_bytes(command.exchange_buffer);
    if (!command.max_memory.empty()) options.state.max_memory_bytes = parse_bytes(command.max_memory);
    options.metrics = !command.metrics.empty();
    ProgressBar bar(root, command.progress);
    options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
    if (!options.checkpoint.directory.empty()) options.stop_requested = [] { return stop_signal != 0; };
    qzone::RunResult result;
    try {
        result = qzone::run_circuit(rt, circuit, options);
    } catch (const qzone::RunInterrupted& e) {
        if (root)
            std::fprintf(stderr, "qzone: %s; continue with --resume %s\n", e.what(),
                         options.checkpoint.directory.c_str());
        return exit_interrupted;
    } catch (const qzone::ReplayDivergence& e) {
        if (root) std::fprintf(stderr, "qzone: %s\n", e.what());
        return exit_replay_diverged;
    } catch (const std::invalid_argument& e) {
        error = qzone_error(e.what()); // the same on every rank
    } catch (const qzone::CheckpointError& e) {
        error = qzone_error(e.what()); // thrown on every rank together
    }
    if (int code = fail_together(rt, error, exit_bad_input)) return code;
    for (const std::string& note : result.notes) rt.logger().info(note);
    if (result.metrics) rt.logger().info(summary(*result.metrics));

    if (root) try {
        nlohmann::json json = {{"qzone", qzone::build_info().qzone_version},
                               {"circuit", circuit.name},
                               {"qubits", circuit.qubits},
                               {"clbits", circuit.clbits},
                               {"ranks", rt.size()},
                               {"threads_per_rank", threads_per_rank(rt)},
                               {"chunks", result.chunks},
                               {"shots", options.shots},
                               {"seed", options.seed},
                               {"method", result.trajectories ? "trajectories" : "sampling"},
                               {"counts", result.counts},
                               {"warnings", circuit.warnings}};
        if (!result.trajectories) json["fingerprint"] = qzone::format_fingerprint(result.fingerprint);
        json["plan"] = {{"gates", result.plan.gates},
                        {"passes", result.plan.passes},
                        {"dense_blocks_by_width", result.plan.dense_blocks_by_width},
                        {"diagonal_blocks", result.plan.diagonal_blocks},
                        {"unfused_gates", result.plan.unfused_gates},
                        {"exchange_stages", result.plan.exchange_stages},
                        {"qubits_exchanged", result.plan.qubits_exchanged}};
        if (result.resumed_from_step) json["resumed_from_step"] = *result.resumed_from_step;
        if (result.checkpoints_written > 0) json["checkpoints_written"] = result.checkpoints_written;
        if (result.probabilities) json["probabilities"] = *result.probabilities;
        if (result.amplitudes) {
            nlohmann::json amplitudes = nlohmann::json::array();
            for (const std::complex<double>& a : *result.amplitudes) amplitudes.push_back({a.real(), a.imag()});
            json["amplitudes"] = amplitudes;
        }
        if (!result.expectations.empty()) {
            json["expectations"] = nlohmann::json::object();
            for (const auto& [observable, value] : result.expectations) json["expectations"][observable] = value;
        }
        if (const char* job = std::getenv("SLURM_JOB_ID"))
            json["slurm"] = {{"job_id", job}, {"step_id", std::getenv("SLURM_STEP_ID") ? std::getenv("SLURM_STEP_ID") : ""}};
        json["timings"] = {{"parse_seconds", parse_seconds},
                           {"simulate_seconds", result.simulate_seconds},
                           {"sample_seconds", result.sample_seconds},
                           {"total_seconds",
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}};
        write_output(command.output, json.dump(2));
        if (result.metrics) {
            nlohmann::json metrics = to_json(*result.metrics);
            metrics["circuit"] = circuit.name;
            metrics["ranks"] = rt.size();
            write_output(command.metrics, metrics.dump(2));
        }
    } catch (const std::exception& e) {
        error = qzone_error(e.what());
    }
    // Only rank 0 writes; every rank learns whether that worked.
    if (int code = fail_together(rt, error, exit_failure)) return code;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // With checkpoints, SIGTERM/SIGUSR1 must be caught from the very start: a
    // batch system may signal before MPI is even up (default action: exit).
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--checkpoint-dir" || std::string(argv[i]).rfind("--checkpoint-dir=", 0) == 0) {
            std::signal(SIGTERM, request_stop);
            std::signal(SIGUSR1, request_stop);
        }
    // No command line for MPI and Kokkos: Kokkos would answer --help itself.
    // Kokkos takes its settings from KOKKOS_* environment variables instead,
    // and --threads reaches it that way.
    if (const auto threads = threads_argument(argc, argv)) setenv("KOKKOS_NUM_THREADS", threads->c_str(), 1);
    const qzone::RuntimeView rt;
    const bool root = rt.my_resource_set().mpi_rank() == 0;

    CLI::App app{"qzone: distributed state-vector simulation of OpenQASM 2.0 circuits on MPI ranks"};
    app.set_version_flag("--version", qzone::build_info().qzone_version);
    app.require_subcommand(1);
    app.footer("Examples:\n"
               "  mpirun -np 4 qzone run circuit.qasm --shots 1000 --seed 7\n"
               "  mpirun -np 2 qzone run qft.qasm --probabilities --output result.json\n"
               "  qzone run ghz.qasm --expect \"Z0 Z1\" --expect \"0.5*X0X1 + Y2\"\n"
               "  cat circuit.qasm | mpirun -np 3 qzone run -\n"
               "  mpirun -np 2 qzone info\n"
               "  mpirun -np 8 qzone run big.qasm --checkpoint-dir ckpt --checkpoint-every 500 --resume ckpt\n"
               "  qzone run circuit.qasm --replay record steps.txt   (later: --replay verify steps.txt)\n"
               "Exit codes: 0 success, 2 bad input (options, circuit, request, unusable checkpoints),\n"
               "1 failure while running, 3 stopped by SIGTERM/SIGUSR1 after writing a checkpoint,\n"
               "4 replay diverged.");
    std::string log_level;
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
        ->check([](const std::string& value) {
            try {
                qzone::parse_log_level(value);
                return std::string();
            } catch (const std::invalid_argument& e) {
                return std::string(e.what());
            }
        });

    std::size_t threads = 0;
    app.add_option("--threads", threads,
                   "host threads per rank for the kernels (needs a Kokkos with OpenMP; default: Kokkos' own, "
                   "KOKKOS_NUM_THREADS or OMP_NUM_THREADS)")
        ->check(CLI::Range(1, 9999));
    app.fallthrough(); // options of qzone itself are accepted after the command too

    RunCommand command;
    CLI::App* run_app = app.add_subcommand("run", "simulate an OpenQASM 2.0 file ('-' reads standard input)");
    run_app->add_option("file", command.file, "the circuit")->required();
    run_app->add_option("--shots", command.options.shots, "samples to draw (default 1024)");
    run_app->add_option("--seed", command.options.seed, "random seed; the same counts for any rank count (default 1)");
    run_app->add_option("--output", command.output, "where the JSON result goes ('-': standard output)");
    run_app->add_flag("--probabilities", command.options.probabilities,
                      "list the probabilities of all basis states of the final state");
    run_app->add_flag("--amplitudes", command.options.amplitudes, "list all amplitudes of the final state");
    run_app->add_option("--expect", command.options.expectations,
                        "an expectation value to compute, e.g. \"Z0 Z1\" or \"0.5*Z0Z1 + X2\" (repeatable)");
    run_app->add_option("--exchange-buffer", command.exchange_buffer,
                        "bound of the buffer for exchanges between ranks (default 64MiB)")
        ->check([](const std::string& v) { return (parse_bytes(v), std::string()); });
    run_app->add_option("--max-memory", command.max_memory, "most memory per rank for the state and buffer, e.g. 8GiB")
        ->check([](const std::string& v) { return (parse_bytes(v), std::string()); });
    run_app->add_option("--checkpoint-dir", command.options.checkpoint.directory,
                        "write checkpoints here (at --checkpoint-every steps, and on SIGTERM/SIGUSR1)");
    run_app->add_option("--checkpoint-every", command.options.checkpoint.every,
                        "a checkpoint every K circuit steps (default 0: only when signalled)");
    run_app->add_option("--checkpoint-keep", command.options.checkpoint.keep,
                        "how many checkpoints to keep (default 2)")
        ->check(CLI::PositiveNumber);
    run_app->add_option("--resume", command.options.checkpoint.resume_from,
                        "continue from the newest valid checkpoint in this directory, on any rank count");
    bool no_shared_memory = false;
    run_app->add_flag("--no-node-shared-memory", no_shared_memory,
                      "send chunks between ranks of a node through MPI instead of sharing their memory");
    run_app->add_option("--metrics", command.metrics,
                        "write per-gate-kind and per-step times and exchanged bytes (min/mean/max over ranks) as "
                        "JSON to this file");
    std::vector<std::string> replay;
    run_app->add_option("--replay", replay, "record FILE: write the state fingerprint of every step; verify FILE: "
                                            "stop at the first step that differs from the recording")
        ->expected(2)
        ->check([](const std::string& value) {
            return value.empty() ? std::string("--replay takes 'record FILE' or 'verify FILE'") : std::string();
        });
    bool no_fusion = false;
    run_app->add_flag("--no-fusion", no_fusion, "one pass over the state per gate instead of fused blocks");
    run_app->add_option("--fusion-max-qubits", command.options.plan.fusion_max_qubits,
                        "widest fused dense block, 1 to 6 (default: the cost model's choice)")
        ->check(CLI::Range(1u, 6u));
    run_app->add_flag("--progress", command.progress,
                      "show a progress bar on stderr even when it is not a terminal (as under mpirun)");
    run_app->add_option("--max-listed-qubits", command.options.max_listed_qubits,
                        "refuse --probabilities/--amplitudes above this many qubits (default 24)");
    CLI::App* info_app = app.add_subcommand("info", "print ranks, nodes, memory and devices as JSON");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Every rank parsed the same arguments; rank 0 speaks for all.
        if (root) return app.exit(e);
        return e.get_exit_code() == 0 ? 0 : exit_bad_input;
    }
    if (!log_level.empty()) rt.logger().set_level(qzone::parse_log_level(log_level));
    if (threads != 0) {
        const std::size_t have = rt.my_resource_set().host_threads();
        const std::string error =
            have == threads ? ""
                            : qzone_error("--threads " + std::to_string(threads) + ": Kokkos runs this rank's kernels on " +
                                          std::to_string(have) + " host thread(s) (host execution space " +
                                          qzone::build_info().kokkos_host_execution_space +
                                          "); more threads per rank need a Kokkos built with OpenMP, see "
                                          "docs/building.md");
        if (const int code = fail_together(rt, error, exit_bad_input)) return code;
    }
    command.options.state.share_node_memory = !no_shared_memory;
    command.options.plan.fusion = !no_fusion;
    if (!replay.empty()) {
        if (replay[0] != "record" && replay[0] != "verify") {
            if (root) std::fprintf(stderr, "--replay: '%s' is neither 'record' nor 'verify'\n", replay[0].c_str());
            return exit_bad_input;
        }
        command.options.replay.mode =
            replay[0] == "record" ? qzone::ReplayOptions::Mode::record : qzone::ReplayOptions::Mode::verify;
        command.options.replay.path = replay[1];
    }

    try {
        if (info_app->parsed()) {
            const nlohmann::json machine = describe_machine(rt);
            if (root) std::cout << machine.dump(2) << std::endl;
            return 0;
        }
        return run(rt, command);
    } catch (const std::exception& e) {
        if (root) std::fprintf(stderr, "qzone: error: %s\n", e.what());
        return exit_failure;
    }
}
