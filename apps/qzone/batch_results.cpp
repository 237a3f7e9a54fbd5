#include "batch_results.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <runtime/errors.hpp>
#include <runtime/files.hpp>

namespace qzone::app {
namespace {

/// A task's line in the results: its id and whether it completed.
struct Recorded {
    std::string id;
    bool completed = false;
};

/// The task `line` records, if it is one whole result.
std::optional<Recorded> recorded_in(const std::string& line) {
    const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("id") || !json["id"].is_string())
        return std::nullopt;
    return Recorded{json["id"].get<std::string>(), json.value("status", "") == "completed"};
}

/// Calls `keep` with every whole result of the file at `path` (text without
/// its newline) and returns how many torn pieces were passed over.
/// @throw qzone::InputError for a line that is neither a result nor torn.
std::size_t for_each_result(const std::string& path,
                            const std::function<void(const std::string& line, const Recorded&)>& keep) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open --output '" + path + "' to read it: " + std::strerror(errno));
    std::size_t torn = 0;
    for (std::string line; std::getline(in, line);) {
        const bool whole = !in.eof(); // a newline ended it
        if (line.empty()) continue;
        if (const auto result = recorded_in(line); result && whole) {
            keep(line, *result);
            continue;
        }
        // Results are objects written "{\"..." in one append each; anything
        // else is another program's line.
        if (line.rfind("{\"", 0) != 0)
            throw InputError("--output '" + path + "' holds lines that are not qzone batch results; give another file");
        ++torn;
        if (!whole) continue;
        // A whole result appended after the torn one ends this line.
        for (std::size_t start = line.find("{\"", 1); start != std::string::npos; start = line.find("{\"", start + 1)) {
            const std::string rest = line.substr(start);
            if (const auto result = recorded_in(rest)) {
                keep(rest, *result);
                break;
            }
        }
    }
    if (in.bad()) throw IoError("cannot read --output '" + path + "': " + std::strerror(errno));
    return torn;
}

} // namespace

std::map<std::string, bool> tasks_already_done(const RuntimeView& rt, const std::string& output) {
    std::vector<std::pair<std::string, bool>> done;
    rt.on_root([&] {
        struct stat status {};
        if (::stat(output.c_str(), &status) != 0) return; // a new file
        if (!S_ISREG(status.st_mode)) throw InputError("--output '" + output + "': batch results need a regular file");
        const std::size_t torn = for_each_result(
            output, [&](const std::string&, const Recorded& result) { done.emplace_back(result.id, result.completed); });
        if (torn == 0) return;
        rt.logger().warn("--output '", output, "': ", torn, " result line(s) cut short by an earlier run were dropped; ",
                         "their tasks run again");
        files::write_streamed_here(
            output,
            [&](const files::ChunkWriter& write) {
                for_each_result(output, [&](const std::string& line, const Recorded&) { write(line + "\n"); });
            },
            "--output");
    });
    done = rt.at(0).ram().broadcast(done);
    return {done.begin(), done.end()};
}

} // namespace qzone::app
