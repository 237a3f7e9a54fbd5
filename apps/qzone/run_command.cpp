#include "run_command.hpp"

#include <functional>
#include <iostream>

#include <runtime/detail/seconds_since.hpp>
#include <runtime/files.hpp>
#include <runtime/qasm.hpp>

#include "progress_bar.hpp"
#include "result_json.hpp"
#include "stop_signals.hpp"

namespace qzone::app {
namespace {

using detail::Clock;
using detail::seconds_since;

/// Writes what `produce` makes to `path` ("-": rank 0's standard output).
/// Collective; rank 0 produces.
void write_output(const RuntimeView& rt, const std::string& path,
                  const std::function<void(const files::ChunkWriter&)>& produce, const std::string& option) {
    if (path != "-") return files::write_streamed(rt, path, produce, option);
    if (rt.my_resource_set().mpi_rank() == 0) {
        produce([](const std::string& chunk) { std::cout << chunk; });
        std::cout.flush();
    }
}

} // namespace

void run(const RuntimeView& rt, const RunCommand& command) {
    const auto start = Clock::now();
    const bool root = rt.my_resource_set().mpi_rank() == 0;
    // Nothing is simulated that could not be written afterwards, or that
    // would write over another of the run's files.
    files::check_output_path(rt, command.output, "--output");
    if (!command.metrics.empty()) files::check_output_path(rt, command.metrics, "--metrics");
    const ReplayOptions& replay = command.options.replay;
    const bool recording = replay.mode == ReplayOptions::Mode::record;
    files::check_distinct(rt, {{command.file, "the circuit", false},
                               {command.output, "--output", true},
                               {command.metrics, "--metrics", true},
                               {replay.path, recording ? "--replay record" : "--replay verify", recording},
                               {command.options.checkpoint.directory, "--checkpoint-dir", true}});

    // Rank 0 reads the program (standard input reaches rank 0 only) and
    // sends it to all; every rank then parses the same text.
    const std::string text = files::read_text(rt, command.file, max_circuit_bytes, "the circuit");
    // Every rank parses the same text, but included files are read by each:
    // a failure on any rank stops all.
    Circuit circuit;
    rt.on_every_rank(
        [&] { circuit = parse_qasm(text, command.file == "-" ? "<stdin>" : command.file, command.parameters); });
    const double parse_seconds = seconds_since(start);
    for (const std::string& warning : circuit.warnings) rt.logger().warn(warning);

    RunOptions options = command.options;
    RunResult result;
    {
        ProgressBar bar(root, command.progress); // its line ends before anything else is printed
        options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
        if (!options.checkpoint.directory.empty()) options.stop_requested = [] { return stop_requested(); };
        result = run_circuit(rt, circuit, options);
    }
    for (const std::string& note : result.notes) rt.logger().info(note);
    if (result.metrics) rt.logger().info(metrics_summary(*result.metrics));

    const double total_seconds = seconds_since(start);
    write_output(
        rt, command.output,
        [&](const files::ChunkWriter& write) {
            write_result(result_json(rt, circuit, options, result, parse_seconds, total_seconds), result, false, write);
        },
        "--output");
    if (result.metrics)
        write_output(
            rt, command.metrics,
            [&](const files::ChunkWriter& write) {
                nlohmann::json metrics = metrics_json(*result.metrics);
                metrics["circuit"] = circuit.name;
                metrics["ranks"] = rt.size();
                write(dump(metrics) + "\n");
            },
            "--metrics");
}

} // namespace qzone::app
