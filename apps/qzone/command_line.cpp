#include "command_line.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include <runtime/build_info.hpp>
#include <runtime/logger.hpp>

namespace qzone::app {
namespace {

constexpr std::uint64_t max_u64 = std::numeric_limits<std::uint64_t>::max();

/// A CLI11 check from a parser that throws CLI::ValidationError.
template<typename Parse>
CLI::Validator checked_by(Parse parse, const std::string& description) {
    return CLI::Validator(
        [parse](std::string& value) {
            try {
                parse(value);
                return std::string();
            } catch (const CLI::ValidationError& e) {
                return std::string(e.what());
            }
        },
        description);
}

/// Refuses an empty path: it names no file, and "" would otherwise mean "off".
const CLI::Validator a_path(
    [](const std::string& value) { return value.empty() ? std::string("the path is empty") : std::string(); }, "PATH");

} // namespace

std::size_t parse_bytes(const std::string& text) {
    const auto not_a_size = [&](const std::string& why) {
        return CLI::ValidationError("'" + text + "' " + why + " (examples: 64MiB, 1.5GiB, 1048576)");
    };
    std::size_t used = 0;
    double value = 0;
    if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
        throw not_a_size("is not a size");
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw not_a_size("is not a size");
    }
    const std::string unit = text.substr(used);
    double scale = 1;
    if (unit == "KiB") scale = 1024.0;
    else if (unit == "MiB") scale = 1024.0 * 1024;
    else if (unit == "GiB") scale = 1024.0 * 1024 * 1024;
    else if (unit == "TiB") scale = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty() && unit != "B")
        throw CLI::ValidationError("'" + text + "': unknown unit '" + unit + "' (use B, KiB, MiB, GiB or TiB)");
    const double bytes = value * scale;
    if (!(bytes >= 1)) throw not_a_size("is not a positive size");
    if (!(bytes < std::ldexp(1.0, 62))) throw not_a_size("is too large (at most 2^62 bytes)");
    return static_cast<std::size_t>(bytes);
}

std::uint64_t parse_count(const std::string& text, std::uint64_t max) {
    if (text.empty()) throw CLI::ValidationError("an empty value is not a number");
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw CLI::ValidationError("'" + text + "' is not a whole number from 0 to " + std::to_string(max));
    std::uint64_t value = 0;
    for (char c : text) {
        const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
        if (value > (max - digit) / 10)
            throw CLI::ValidationError("'" + text + "' is above " + std::to_string(max));
        value = value * 10 + digit;
    }
    return value;
}

std::optional<double> finite_number(const std::string& text) {
    std::size_t used = 0;
    double number = 0;
    try {
        number = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (text.empty() || used != text.size() || !std::isfinite(number)) return std::nullopt;
    return number;
}

std::pair<std::string, double> parse_parameter(const std::string& text) {
    const std::size_t equals = text.find('=');
    const std::string name = text.substr(0, equals);
    // Letters beyond ASCII (UTF-8 bytes from 0x80) too: OpenQASM 3 inputs such as θ.
    const auto letter = [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return std::isalnum(byte) || c == '_' || byte >= 0x80;
    };
    const bool identifier = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                            std::all_of(name.begin(), name.end(), letter);
    if (equals == std::string::npos || !identifier)
        throw CLI::ValidationError("'" + text + "' is not NAME=VALUE (e.g. theta=0.25)");
    const std::string value = text.substr(equals + 1);
    const std::optional<double> number = finite_number(value);
    if (!number)
        throw CLI::ValidationError("'" + text + "': '" + value + "' is not a finite number");
    return {name, *number};
}

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

CommandLine::CommandLine()
    : app(std::make_unique<CLI::App>(
          "qzone: distributed state-vector simulation of OpenQASM 2.0 circuits on MPI ranks")) {
    app->set_version_flag("--version", build_info().qzone_version);
    app->require_subcommand(1);
    app->failure_message([](const CLI::App*, const CLI::Error& e) {
        return "qzone: error: " + std::string(e.what()) + "\nRun with --help for more information.\n";
    });
    app->footer("Examples:\n"
                "  mpirun -np 4 qzone run circuit.qasm --shots 1000 --seed 7\n"
                "  mpirun -np 2 qzone run qft.qasm --probabilities --output result.json\n"
                "  qzone run ghz.qasm --expect \"Z0 Z1\" --expect \"0.5*X0X1 + Y2\"\n"
                "  cat circuit.qasm | mpirun -np 3 qzone run -\n"
                "  mpirun -np 2 qzone info\n"
                "  qzone plan circuit.qasm --ranks 1024 --ranks-per-node 64 --json\n"
                "  mpirun -np 4 qzone batch tasks.jsonl --output results.jsonl --group-size 2\n"
                "  mpirun -np 8 qzone run big.qasm --checkpoint-dir ckpt --checkpoint-every 500 --resume ckpt\n"
                "  qzone run circuit.qasm --replay record steps.txt   (later: --replay verify steps.txt)\n"
                "Exit codes, the same on every rank: 0 success; 1 MPI failure or a bug; 2 bad input (options,\n"
                "circuit, request, unusable checkpoints); 3 stopped by SIGTERM/SIGUSR1 after writing a checkpoint;\n"
                "4 replay diverged; 5 a file could not be written; 6 not enough memory or devices;\n"
                "7 (batch) some tasks failed.");
    const CLI::Validator log_level_check = checked_by(
        [](const std::string& value) {
            try {
                parse_log_level(value);
            } catch (const InputError& e) {
                throw CLI::ValidationError(e.what());
            }
        },
        "LEVEL");
    app->add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
        ->check(log_level_check);
    const CLI::Validator precision_check = checked_by(
        [](const std::string& value) {
            try {
                parse_precision(value, "--precision");
            } catch (const InputError& e) {
                throw CLI::ValidationError(e.what());
            }
        },
        "single|double");
    app->add_option("--threads", threads,
                    "host threads per rank for the kernels (needs a Kokkos with OpenMP; default: Kokkos' own, "
                    "KOKKOS_NUM_THREADS or OMP_NUM_THREADS)")
        ->check(CLI::Range(1, 9999));
    app->fallthrough(); // options of qzone itself are accepted after the command too

    run = app->add_subcommand("run", "simulate an OpenQASM 2.0 file ('-' reads standard input)");
    RunOptions& options = command.options;
    run->add_option("file", command.file, "the circuit")->required()->check(a_path);
    run->add_option("--shots", shots_, "samples to draw, 0 to 10^9 (default 1024)")
        ->check(checked_by([](const std::string& v) { parse_count(v, max_shots); }, "N"));
    run->add_option("--seed", seed_, "random seed, 0 to 2^64-1; the same counts for any rank count (default 1)")
        ->check(checked_by([](const std::string& v) { parse_count(v, max_u64); }, "N"));
    run->add_option("--param", parameters_,
                    "NAME=VALUE: the value of the program's input NAME (`input float NAME;`), repeatable")
        ->check(checked_by([](const std::string& v) { parse_parameter(v); }, "NAME=VALUE"));
    run->add_option("--output", command.output, "where the JSON result goes ('-': standard output)")->check(a_path);
    run->add_flag("--probabilities", options.probabilities,
                  "list the probabilities of all basis states of the final state");
    run->add_flag("--amplitudes", options.amplitudes, "list all amplitudes of the final state");
    run->add_option("--expect", options.expectations,
                    "an expectation value to compute, e.g. \"Z0 Z1\" or \"0.5*Z0Z1 + X2\" (repeatable)");
    run->add_option("--exchange-buffer", exchange_buffer_,
                    "bound of the buffer for exchanges between ranks (default 64MiB)")
        ->check(checked_by(parse_bytes, "SIZE"));
    run->add_option("--max-memory", max_memory_, "most memory per rank for the state and buffer, e.g. 8GiB")
        ->check(checked_by(parse_bytes, "SIZE"));
    run->add_option("--checkpoint-dir", options.checkpoint.directory,
                    "write checkpoints here (at --checkpoint-every steps, and on SIGTERM/SIGUSR1)")
        ->check(a_path);
    run->add_option("--checkpoint-every", checkpoint_every_,
                    "a checkpoint every K circuit steps (default 0: only when signalled)")
        ->check(checked_by([](const std::string& v) { parse_count(v, max_u64); }, "K"));
    run->add_option("--checkpoint-keep", options.checkpoint.keep, "how many checkpoints to keep, at least 1 (default 2)")
        ->check(checked_by(
            [](const std::string& v) {
                bool counted = true;
                try {
                    counted = parse_count(v, 999'999) >= 1;
                } catch (const CLI::ValidationError&) {
                    counted = false;
                }
                if (!counted)
                    throw CLI::ValidationError("'" + v +
                                               "' is not a number from 1 to 999999 (the newest checkpoint is needed "
                                               "to resume)");
            },
            "N"));
    run->add_option("--resume", options.checkpoint.resume_from,
                    "continue from the newest valid checkpoint in this directory, on any rank count")
        ->check(a_path);
    run->add_flag("--no-node-shared-memory", no_shared_memory_,
                  "send chunks between ranks of a node through MPI instead of sharing their memory");
    run->add_option("--metrics", command.metrics,
                    "write per-gate-kind and per-step times and exchanged bytes (min/mean/max over ranks) as JSON to "
                    "this file")
        ->check(a_path);
    run->add_option("--replay", replay_,
                    "record FILE: write the state fingerprint of every step; verify FILE: stop at the first step that "
                    "differs from the recording")
        ->expected(2)
        ->type_name("record|verify FILE");
    run->add_flag("--no-fusion", no_fusion_, "one pass over the state per gate instead of fused blocks");
    run->add_option("--precision", precision_,
                    "amplitudes in single (half the memory, about twice the speed) or double precision "
                    "(default double)")
        ->check(precision_check);
    run->add_option("--fusion-max-qubits", options.plan.fusion_max_qubits,
                    "widest fused dense block, 1 to 6 (default: the cost model's choice)")
        ->check(CLI::Range(1u, 6u));
    run->add_flag("--progress", command.progress,
                  "show a progress bar on stderr even when it is not a terminal (as under mpirun)");
    run->add_option("--max-listed-qubits", options.max_listed_qubits,
                    "refuse --probabilities/--amplitudes above this many qubits (default 24)")
        ->check(CLI::Range(1u, 62u));
    info = app->add_subcommand("info", "print ranks, nodes, memory and devices as JSON");

    batch = app->add_subcommand("batch", "run the tasks of a JSON Lines manifest over groups of ranks (docs/batch.md)");
    RunOptions& defaults = batch_command.defaults;
    batch->add_option("manifest", batch_command.manifest, "one task per line: circuit or qasm, shots, seed, ...")
        ->required()
        ->check(a_path);
    batch->add_option("--output", batch_command.output,
                      "results, one JSON line per task, appended as each finishes; running the same command again "
                      "skips the tasks already there")
        ->required()
        ->check(a_path);
    batch->add_option("--group-size", batch_command.group_size,
                      "ranks per group; each group runs one task at a time (default 1; the last group takes the "
                      "remainder)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
    batch->add_option("--retries", batch_command.retries, "run a failed task again up to N times (default 0)")
        ->check(CLI::Range(0u, 100u));
    batch->add_option("--task-timeout", batch_command.task_timeout_seconds,
                      "fail a task attempt that runs longer than this many seconds; its group goes on (default: none)")
        ->check(checked_by(
            [](const std::string& value) {
                const std::optional<double> seconds = finite_number(value);
                if (!seconds || !(*seconds > 0))
                    throw CLI::ValidationError("'" + value + "' is not a positive, finite number of seconds");
            },
            "SECONDS"));
    batch->add_option("--exchange-buffer", batch_exchange_buffer_, "as for run (default 64MiB)")
        ->check(checked_by(parse_bytes, "SIZE"));
    batch->add_option("--max-memory", batch_max_memory_, "as for run: most memory per rank for one task's state")
        ->check(checked_by(parse_bytes, "SIZE"));
    batch->add_flag("--no-node-shared-memory", batch_no_shared_memory_, "as for run");
    batch->add_flag("--no-fusion", batch_no_fusion_, "as for run");
    batch->add_option("--precision", batch_precision_, "as for run: single or double (default double)")
        ->check(precision_check);
    batch->add_option("--fusion-max-qubits", defaults.plan.fusion_max_qubits, "as for run, 1 to 6")
        ->check(CLI::Range(1u, 6u));

    plan = app->add_subcommand("plan", "plan a circuit for --ranks R ranks without running it: memory, exchange "
                                       "stages, bytes within and between nodes, predicted time (docs/plan.md)");
    PlanCommand& planned = plan_command;
    const auto positive = [](const std::string& unit) {
        return checked_by(
            [unit](const std::string& value) {
                const std::optional<double> number = finite_number(value);
                if (!number || !(*number > 0))
                    throw CLI::ValidationError("'" + value + "' is not a positive, finite number of " + unit);
            },
            "NUMBER");
    };
    plan->add_option("file", planned.file, "the circuit ('-' reads standard input)")->required()->check(a_path);
    plan->add_option("--ranks", planned.request.ranks, "ranks of the machine planned for, 1 to 2^20")
        ->required()
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
    plan->add_option("--ranks-per-node", planned.ranks_per_node,
                     "ranks per node, placed in rank order (default: all on one node)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
    plan->add_option("--precision", plan_precision_, "as for run: single or double (default double)")
        ->check(precision_check);
    plan->add_flag("--no-node-shared-memory", plan_no_shared_memory_, "as for run");
    plan->add_flag("--no-fusion", plan_no_fusion_, "as for run");
    plan->add_option("--fusion-max-qubits", planned.request.plan.fusion_max_qubits, "as for run, 1 to 6")
        ->check(CLI::Range(1u, 6u));
    plan->add_option("--exchange-buffer", plan_exchange_buffer_, "as for run (default 64MiB)")
        ->check(checked_by(parse_bytes, "SIZE"));
    plan->add_option("--param", plan_parameters_, "as for run: NAME=VALUE, repeatable")
        ->check(checked_by([](const std::string& v) { parse_parameter(v); }, "NAME=VALUE"));
    plan->add_option("--shots", planned.request.shots,
                     "trajectories to count for a circuit that measures mid-circuit (default 1)")
        ->check(CLI::Range(std::uint64_t{1}, max_shots));
    plan->add_flag("--json", planned.json, "print JSON instead of a summary");
    plan->add_option("--memory-per-node", plan_memory_per_node_,
                     "memory a node offers, e.g. 256GiB (default: what is available here)")
        ->check(checked_by(parse_bytes, "SIZE"));
    plan->add_option("--machine", planned.machine_file,
                     "a machine model as JSON (the \"machine\" object --json prints, or a whole answer) instead of "
                     "measuring this machine")
        ->check(a_path);
    plan->add_option("--cores-per-node", planned.cores_per_node,
                     "cores of a node (default: the model's, and with --ranks-per-node at least one per rank)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
    plan->add_option("--intra-node-bandwidth", planned.intra_node_gb_per_s,
                     "GB/s a rank sends to another of its node through MPI (default: half this machine's copy rate)")
        ->check(positive("GB/s"));
    plan->add_option("--inter-node-bandwidth", planned.inter_node_gb_per_s,
                     "GB/s a rank sends to one on another node (default 12.5, 100 Gb/s)")
        ->check(positive("GB/s"));
    plan->add_option("--intra-node-latency", planned.intra_node_latency_us, "microseconds per message within a node (default 1)")
        ->check(positive("microseconds"));
    plan->add_option("--inter-node-latency", planned.inter_node_latency_us,
                     "microseconds per message between nodes (default 2)")
        ->check(positive("microseconds"));
}

void CommandLine::finish() {
    RunOptions& options = command.options;
    options.shots = parse_count(shots_, max_shots);
    options.seed = parse_count(seed_, max_u64);
    options.checkpoint.every = parse_count(checkpoint_every_, max_u64);
    options.state.exchange_buffer_bytes = parse_bytes(exchange_buffer_);
    if (!max_memory_.empty()) options.state.max_memory_bytes = parse_bytes(max_memory_);
    options.state.share_node_memory = !no_shared_memory_;
    options.plan.fusion = !no_fusion_;
    options.state.precision = parse_precision(precision_);
    options.metrics = !command.metrics.empty();
    for (const std::string& text : parameters_) {
        const auto [name, value] = parse_parameter(text);
        if (!command.parameters.emplace(name, value).second)
            throw CLI::ValidationError("--param", "'" + name + "' is given twice");
    }
    RunOptions& defaults = batch_command.defaults;
    defaults.state.exchange_buffer_bytes = parse_bytes(batch_exchange_buffer_);
    if (!batch_max_memory_.empty()) defaults.state.max_memory_bytes = parse_bytes(batch_max_memory_);
    defaults.state.share_node_memory = !batch_no_shared_memory_;
    defaults.plan.fusion = !batch_no_fusion_;
    defaults.state.precision = parse_precision(batch_precision_);
    PlanCommand& planned = plan_command;
    planned.request.precision = parse_precision(plan_precision_);
    planned.request.exchange_buffer_bytes = parse_bytes(plan_exchange_buffer_);
    planned.request.share_node_memory = !plan_no_shared_memory_;
    planned.request.plan.fusion = !plan_no_fusion_;
    if (!plan_memory_per_node_.empty()) planned.memory_per_node_bytes = double(parse_bytes(plan_memory_per_node_));
    for (const std::string& text : plan_parameters_) {
        const auto [name, value] = parse_parameter(text);
        if (!planned.parameters.emplace(name, value).second)
            throw CLI::ValidationError("--param", "'" + name + "' is given twice");
    }
    if (!replay_.empty()) {
        if (replay_[0] != "record" && replay_[0] != "verify")
            throw CLI::ValidationError("--replay", "'" + replay_[0] + "' is neither 'record' nor 'verify'");
        options.replay.mode = replay_[0] == "record" ? ReplayOptions::Mode::record : ReplayOptions::Mode::verify;
        if (replay_[1] == "-")
            throw CLI::ValidationError("--replay", "'-' is not a file: standard input and output carry the circuit "
                                                   "and the result; name a file for the recording");
        options.replay.path = replay_[1];
    }
}

} // namespace qzone::app
