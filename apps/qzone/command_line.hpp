#pragma once
// The command line: `qzone run FILE [options]`, `qzone batch`, `qzone plan`
// and `qzone info`.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <runtime/run.hpp>

#include "batch_command.hpp"
#include "plan_command.hpp"

namespace qzone::app {

/// What `qzone run` was asked to do.
struct RunCommand {
    std::string file;
    std::string output = "-";
    std::string metrics;
    bool progress = false;
    std::map<std::string, double> parameters; ///< --param NAME=VALUE: values of the program's inputs
    RunOptions options;
};

/// The options as parsed: each value checked, sizes and counts converted.
struct CommandLine {
    std::unique_ptr<CLI::App> app;
    CLI::App* run = nullptr;
    CLI::App* info = nullptr;
    CLI::App* batch = nullptr;
    CLI::App* plan = nullptr;
    RunCommand command;
    BatchCommand batch_command;
    PlanCommand plan_command;
    std::string log_level;
    std::size_t threads = 0;

    /// Builds the parser; parse with app->parse(argc, argv), then call finish().
    CommandLine();
    /// Moves the text options into command.options once parsing succeeded.
    /// @throw CLI::ValidationError for a value no single-option check can judge.
    void finish();

private:
    std::string shots_ = "1024", seed_ = "1", checkpoint_every_ = "0", exchange_buffer_ = "64MiB", max_memory_;
    std::vector<std::string> replay_, parameters_;
    bool no_shared_memory_ = false, no_fusion_ = false;
    std::string batch_exchange_buffer_ = "64MiB", batch_max_memory_;
    std::string precision_ = "double", batch_precision_ = "double";
    bool batch_no_shared_memory_ = false, batch_no_fusion_ = false;
    std::vector<std::string> plan_parameters_;
    std::string plan_precision_ = "double", plan_exchange_buffer_ = "64MiB", plan_memory_per_node_;
    bool plan_no_shared_memory_ = false, plan_no_fusion_ = false;
};

/// The most shots a run or a batch task may ask for (they are drawn in
/// batches of bounded memory; the bound keeps run times sane).
inline constexpr std::uint64_t max_shots = 1'000'000'000;

/// "64MiB", "1.5GiB", "512KiB", "1000000" -> bytes.
/// @throw CLI::ValidationError naming the text if it is not a positive size
///        (units B, KiB, MiB, GiB, TiB) below 2^62 bytes.
std::size_t parse_bytes(const std::string& text);

/// A whole number in decimal, 0 <= n <= max.
/// @throw CLI::ValidationError naming the text if it is empty, signed, not a
///        number or above `max`.
std::uint64_t parse_count(const std::string& text, std::uint64_t max);

/// The number `text` spells in full ("0.5", "1e-3"), if it is finite.
std::optional<double> finite_number(const std::string& text);

/// "theta=0.25" -> (theta, 0.25).
/// @throw CLI::ValidationError unless it is an identifier, '=' and a finite number.
std::pair<std::string, double> parse_parameter(const std::string& text);

/// The value of --threads N (or --threads=N) when it is a positive number,
/// looked up before MPI and Kokkos start: Kokkos reads its thread count only
/// when it starts. Anything else is left to the option parser to reject.
std::optional<std::string> threads_argument(int argc, char** argv);

} // namespace qzone::app
