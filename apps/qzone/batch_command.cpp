#include "batch_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include <runtime/batch.hpp>
#include <runtime/files.hpp>

#include "batch_results.hpp"
#include "command_line.hpp"
#include "result_json.hpp"
#include "stop_signals.hpp"

namespace qzone::app {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_manifest_bytes = std::size_t{1} << 30;

/// Why a manifest line cannot become a task (it becomes a failed task).
class BrokenLine : public InputError {
public:
    using InputError::InputError;
};

/// A manifest line that cannot become a task: reported as a failed task.
struct BrokenTask {
    std::string id;
    std::size_t line = 0;
    std::string error;
};

/// One manifest line that describes tasks: one task, or one per point of
/// its sweep's grid, made when a group claims it (a sweep holds its circuit
/// once, not once per point).
struct ManifestLine {
    BatchTask task;     ///< the task, or every point's common part
    std::size_t number = 0;
    std::vector<std::pair<std::string, std::vector<double>>> sweep; ///< empty: one task
    std::size_t points = 1;

    /// Point `point` of the sweep ("ID#point"; the last swept name varies
    /// fastest), or the task itself.
    BatchTask point(std::size_t point) const {
        if (sweep.empty()) return task;
        BatchTask one = task;
        one.id = id_of(point);
        for (auto axis = sweep.rbegin(); axis != sweep.rend(); ++axis) {
            one.parameters[axis->first] = axis->second[point % axis->second.size()];
            point /= axis->second.size();
        }
        return one;
    }
    std::string id_of(std::size_t point) const { return sweep.empty() ? task.id : task.id + "#" + std::to_string(point); }
};

struct Manifest {
    std::vector<ManifestLine> lines;
    std::vector<BrokenTask> broken;
    std::size_t tasks = 0; ///< tasks the lines describe
};

constexpr std::size_t max_sweep_tasks = 1'000'000;

/// The values of one swept parameter: a list of numbers, or
/// {"start": a, "stop": b, "num": n} for n evenly spaced values from a to b.
std::vector<double> sweep_values(const std::string& name, const nlohmann::json& spec) {
    const auto fail = [&](const std::string& why) { return BrokenLine("sweep of '" + name + "': " + why); };
    std::vector<double> values;
    if (spec.is_array()) {
        for (const auto& v : spec) {
            if (!v.is_number()) throw fail("a list of numbers expected");
            if (!std::isfinite(v.get<double>())) throw fail("the value " + v.dump() + " is not a finite number");
            values.push_back(v.get<double>());
        }
    } else if (spec.is_object() && spec.size() == 3 && spec.contains("start") && spec.contains("stop") &&
               spec.contains("num") && spec["start"].is_number() && spec["stop"].is_number() &&
               spec["num"].is_number_unsigned()) {
        const double start = spec["start"].get<double>(), stop = spec["stop"].get<double>();
        const std::size_t num = spec["num"].get<std::size_t>();
        if (!std::isfinite(start) || !std::isfinite(stop)) throw fail("start and stop must be finite numbers");
        if (num > max_sweep_tasks) throw fail("more than 10^6 values");
        // The span of a range over most of the doubles overflows; the
        // weighted form then keeps every value finite.
        const double span = stop - start;
        for (std::size_t i = 0; i < num; ++i) {
            const double t = num == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(num - 1);
            values.push_back(std::isfinite(span) ? start + span * t : start * (1 - t) + stop * t);
        }
    } else {
        throw fail("a list of numbers or {\"start\": a, \"stop\": b, \"num\": n} expected");
    }
    if (values.empty()) throw fail("no values");
    return values;
}

/// The id a manifest gives a task: a string, or a whole number as text.
std::optional<std::string> id_in(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
    return std::nullopt;
}

/// One manifest line as the tasks it describes.
/// @throw BrokenLine naming the problem.
ManifestLine line_of(const nlohmann::json& line, const std::string& id, const fs::path& folder,
                     const RunOptions& defaults) {
    if (!line.is_object()) throw BrokenLine("a task is a JSON object");
    ManifestLine described;
    BatchTask& task = described.task;
    task.id = id;
    task.options = defaults;
    for (const auto& [key, value] : line.items()) {
        const auto expect = [&](bool ok, const char* what) {
            if (!ok) throw BrokenLine("'" + key + "' must be " + what);
        };
        if (key == "id") {
            expect(id_in(value).has_value(), "a string or a whole number"); // the caller read it
        } else if (key == "circuit") {
            expect(value.is_string() && !value.get<std::string>().empty(), "a file name");
            const fs::path path = value.get<std::string>();
            task.circuit_path = (path.is_absolute() || folder.empty() ? path : folder / path).string();
        } else if (key == "qasm") {
            expect(value.is_string(), "the program as a string");
            task.qasm = value.get<std::string>();
        } else if (key == "shots") {
            expect(value.is_number_unsigned() && value.get<std::uint64_t>() <= max_shots, "a whole number from 0 to 10^9");
            task.options.shots = value.get<std::size_t>();
        } else if (key == "seed") {
            expect(value.is_number_unsigned(), "a whole number from 0 to 2^64-1");
            task.options.seed = value.get<std::uint64_t>();
        } else if (key == "expect") {
            expect(value.is_array() && std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); }),
                   "a list of observables (strings)");
            task.options.expectations = value.get<std::vector<std::string>>();
        } else if (key == "probabilities" || key == "amplitudes") {
            expect(value.is_boolean(), "true or false");
            (key == "probabilities" ? task.options.probabilities : task.options.amplitudes) = value.get<bool>();
        } else if (key == "parameters") {
            expect(value.is_object(), "an object of numbers, e.g. {\"theta\": 0.5}");
            for (const auto& [name, number] : value.items()) {
                if (!number.is_number() || !std::isfinite(number.get<double>()))
                    throw BrokenLine("parameter '" + name + "' must be a finite number");
                task.parameters[name] = number.get<double>();
            }
        } else if (key == "sweep") {
            expect(value.is_object() && !value.empty(), "an object of swept parameters");
            for (const auto& [name, spec] : value.items()) described.sweep.emplace_back(name, sweep_values(name, spec));
        } else {
            throw BrokenLine("unknown field '" + key +
                             "' (fields: id, circuit, qasm, shots, seed, expect, probabilities, amplitudes, parameters, "
                             "sweep)");
        }
    }
    if (task.circuit_path.empty() == task.qasm.empty()) throw BrokenLine("give either 'circuit' (a file) or 'qasm' (the program)");
    for (const auto& [name, values] : described.sweep) {
        if (task.parameters.count(name)) throw BrokenLine("'" + name + "' is both a parameter and swept");
        described.points *= values.size();
        if (described.points > max_sweep_tasks) throw BrokenLine("the sweep has more than 10^6 points");
    }
    return described;
}

/// Refuses two tasks with one id: two lines with one id, or a line whose id
/// is a point of a sweep ("S#k" with S swept over more than k points).
class IdRegistry {
public:
    explicit IdRegistry(std::string path) : path_(std::move(path)) {}

    void claim(const std::string& id, std::size_t line, std::size_t sweep_points) {
        if (!lines_.emplace(id, line).second) refuse(id, line);
        if (sweep_points > 0) sweeps_.emplace(id, std::make_pair(sweep_points, line));
        else singles_.emplace_back(id, line);
    }
    /// After every line: sweep points against single ids.
    void check_points() const {
        for (const auto& [id, line] : singles_) {
            const std::size_t hash = id.rfind('#');
            if (hash == std::string::npos) continue;
            const auto sweep = sweeps_.find(id.substr(0, hash));
            const std::string digits = id.substr(hash + 1);
            if (sweep == sweeps_.end() || digits.empty() || digits.size() > 7 ||
                digits.find_first_not_of("0123456789") != std::string::npos || (digits.size() > 1 && digits[0] == '0'))
                continue;
            if (std::stoul(digits) < sweep->second.first) refuse(id, std::max(line, sweep->second.second));
        }
    }

private:
    [[noreturn]] void refuse(const std::string& id, std::size_t line) const {
        throw InputError("the manifest '" + path_ + "', line " + std::to_string(line) + ": task id '" + id +
                         "' is used twice (ids name tasks in the results and on restart)");
    }

    std::string path_;
    std::map<std::string, std::size_t> lines_;
    std::map<std::string, std::pair<std::size_t, std::size_t>> sweeps_; ///< id -> (points, line)
    std::vector<std::pair<std::string, std::size_t>> singles_;
};

/// Every rank parses the same text, so every rank reaches the same manifest.
Manifest read_manifest(const RuntimeView& rt, const std::string& path, const RunOptions& defaults) {
    std::istringstream text(files::read_text(rt, path, max_manifest_bytes, "the manifest"));
    const fs::path folder = fs::path(path).parent_path(); // circuit files are relative to the manifest
    Manifest manifest;
    IdRegistry ids(path);
    std::string line;
    for (std::size_t number = 1; std::getline(text, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
        const std::optional<std::string> named =
            json.is_object() && json.contains("id") ? id_in(json["id"]) : std::nullopt;
        const std::string id = named.value_or(std::to_string(number));
        try {
            if (json.is_discarded()) throw BrokenLine("not JSON");
            ManifestLine described = line_of(json, id, folder, defaults);
            described.number = number;
            ids.claim(id, number, described.sweep.empty() ? 0 : described.points);
            manifest.tasks += described.points;
            manifest.lines.push_back(std::move(described));
        } catch (const BrokenLine& problem) {
            ids.claim(id, number, 0);
            manifest.broken.push_back(
                {id, number, "the manifest '" + path + "', line " + std::to_string(number) + ": " + problem.what()});
        }
    }
    ids.check_points();
    return manifest;
}

nlohmann::json outcome_json(const RuntimeView& group, const TaskOutcome& outcome, std::size_t line) {
    const BatchTask& task = *outcome.task;
    nlohmann::json json = outcome.completed
                              ? result_json(group, *outcome.circuit, task.options, outcome.result, 0, outcome.seconds)
                              : nlohmann::json::object();
    json["id"] = outcome.id;
    json["line"] = line;
    if (!task.parameters.empty()) json["parameters"] = task.parameters;
    json["status"] = outcome.completed ? "completed" : "failed";
    json["attempt"] = outcome.attempt;
    json["group"] = outcome.group;
    json["group_ranks"] = outcome.group_ranks;
    json["seconds"] = outcome.seconds;
    if (!outcome.completed) {
        json["error"] = outcome.error;
        json["error_kind"] = to_string(outcome.error_kind);
    }
    return json;
}

} // namespace

BatchEnd run_batch_command(const RuntimeView& rt, const BatchCommand& command) {
    const bool root = rt.my_resource_set().mpi_rank() == 0;
    files::check_output_path(rt, command.output, "--output");
    files::check_distinct(rt, {{command.manifest, "the manifest", false}, {command.output, "--output", true}});
    const Manifest manifest = read_manifest(rt, command.manifest, command.defaults);
    const std::map<std::string, bool> done = tasks_already_done(rt, command.output);
    const auto failed_before = static_cast<std::size_t>(
        std::count_if(done.begin(), done.end(), [](const auto& task) { return !task.second; }));

    // Tasks the manifest could not describe are failed results at once.
    std::size_t broken_now = 0;
    rt.on_root([&] {
        for (const BrokenTask& broken : manifest.broken) {
            if (done.count(broken.id)) continue;
            const nlohmann::json json = {{"id", broken.id},       {"line", broken.line},   {"status", "failed"},
                                         {"attempt", 0},          {"error", broken.error}, {"error_kind", "input"}};
            files::append_text_here(command.output, dump_line(json), true);
            ++broken_now;
        }
    });
    // What is left of each line (of a sweep: the points not done), made
    // into tasks only when a group claims them.
    std::vector<GeneratedTasks> remaining;
    std::vector<std::size_t> firsts, line_numbers; // the first task index of each list, and its line
    std::size_t to_run = 0;
    for (const ManifestLine& line : manifest.lines) {
        std::vector<std::uint32_t> points;
        for (std::size_t point = 0; point < line.points; ++point)
            if (!done.count(line.id_of(point))) points.push_back(static_cast<std::uint32_t>(point));
        if (points.empty()) continue;
        firsts.push_back(to_run);
        line_numbers.push_back(line.number);
        to_run += points.size();
        const std::size_t count = points.size();
        remaining.push_back({count, [&line, points = std::move(points)](std::size_t i) { return line.point(points[i]); }});
    }
    const auto line_of_task = [&](std::size_t index) {
        return line_numbers[std::upper_bound(firsts.begin(), firsts.end(), index) - firsts.begin() - 1];
    };
    if (!done.empty()) rt.logger().info("batch: ", done.size(), " task(s) already in ", command.output, ", ",
                                        to_run, " to run");

    BatchOptions options;
    options.group_size = command.group_size;
    options.retries = command.retries;
    options.task_timeout_seconds = command.task_timeout_seconds;
    options.stop_requested = [] { return stop_requested(); };
    options.interrupt_requested = [] { return termination_requested(); };
    // Each result is written as soon as its task ends (it survives the
    // process being killed) and synced at most a second later: a sync per
    // task would cost more than a small task.
    auto last_sync = std::chrono::steady_clock::now();
    const BatchSummary summary =
        run_batch(rt, remaining, options, [&](const RuntimeView& group, const TaskOutcome& outcome) {
            if (group.my_resource_set().mpi_rank() != 0) return;
            const bool sync = std::chrono::steady_clock::now() - last_sync >= std::chrono::seconds(1);
            if (sync) last_sync = std::chrono::steady_clock::now();
            std::string line;
            write_result(outcome_json(group, outcome, line_of_task(outcome.index)), outcome.result, true,
                         [&](const std::string& piece) { line += piece; });
            files::append_text_here(command.output, line, sync); // one append: lines of groups never interleave
        });
    // The rest reaches the disk: each rank syncs the file its group wrote to.
    rt.on_every_rank([&] { files::append_text_here(command.output, "", true); });

    const std::size_t failed_now = summary.failed + rt.at(0).ram().broadcast(broken_now);
    if (root) {
        const nlohmann::json json = {
            {"tasks", {{"in_manifest", manifest.tasks + manifest.broken.size()},
                       {"already_done", done.size()},
                       {"completed", summary.completed},
                       {"failed", failed_now},
                       {"failed_before", failed_before},
                       {"not_run", summary.not_run}}},
            {"groups", summary.groups},
            {"group_size", command.group_size},
            {"seconds", summary.seconds},
            {"tasks_per_second", summary.seconds > 0 ? (summary.completed + summary.failed) / summary.seconds : 0.0},
            {"task_seconds", {{"min", summary.task_seconds_min}, {"mean", summary.task_seconds_mean},
                              {"max", summary.task_seconds_max}}},
            {"group_busy_fraction", summary.group_busy_fraction}};
        std::cout << dump(json) << std::endl;
    }
    if (summary.not_run > 0) return BatchEnd::stopped;
    return failed_now + failed_before > 0 ? BatchEnd::some_failed : BatchEnd::all_completed;
}

} // namespace qzone::app
