#include "replay.hpp"

#include <algorithm>
#include <optional>
#include <sstream>

#include <runtime/files.hpp>
#include <runtime/fingerprint.hpp>

namespace qzone::execution {
namespace {

constexpr const char* option_name[] = {"--replay", "--replay record", "--replay verify"};
constexpr std::size_t max_recording_bytes = std::size_t{1} << 32;

/// A fingerprint as format_fingerprint writes it (0x and up to 16 hexadecimal digits), or nothing.
std::optional<std::uint64_t> parse_fingerprint(const std::string& text) {
    const std::size_t digits = text.rfind("0x", 0) == 0 ? 2 : 0;
    if (text.size() == digits || text.size() > digits + 16) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text.substr(digits)) {
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return std::nullopt;
        value = value << 4 | static_cast<std::uint64_t>(digit);
    }
    return value;
}

/// A step number in decimal, or nothing.
std::optional<std::uint64_t> parse_step(const std::string& text) {
    if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoull(text);
}

} // namespace

Replay::Replay(const RuntimeView& runtime, const ReplayOptions& options, std::uint64_t circuit_hash,
               Precision precision)
    : runtime_(runtime), options_(options), circuit_hash_(circuit_hash), precision_(precision) {
    const std::string option = option_name[static_cast<int>(options.mode)];
    if (options.mode == ReplayOptions::Mode::record) files::check_output_path(runtime, options.path, option);
    if (options.mode != ReplayOptions::Mode::verify) return;
    // Every rank reads the same text and so reaches the same verdict.
    std::string content = files::read_text(runtime, options.path, max_recording_bytes, option);
    const std::string where = option + " '" + options.path + "'";
    // Every line of a whole recording ends with a newline; a last line
    // without one was cut short (a copy that stopped): it is no fingerprint.
    if (!content.empty() && content.back() != '\n') {
        const std::size_t last_line = content.find_last_of('\n');
        if (last_line != std::string::npos) {
            content.erase(last_line + 1);
            caveats_ = " (its last line was cut short and is left out)";
            runtime.logger().warn(where + ": the last line has no end and is left out");
        }
    }
    std::istringstream text(content);
    std::string line, magic, version, hash;
    std::getline(text, line);
    std::istringstream header(line);
    if (!(header >> magic >> version >> hash) || magic != "qzone-replay")
        throw InputError(where + " is not a qzone replay file (its first line is not 'qzone-replay 1 <circuit hash>')");
    if (version != "1") throw InputError(where + " has format version " + version + "; this qzone reads version 1");
    std::string recorded_precision = "double";
    header >> recorded_precision;
    if (recorded_precision != name_of(precision))
        throw InputError(where + " records a run in " + recorded_precision + " precision, this run is in " +
                         name_of(precision) + " precision: its fingerprints differ from the first step; run with "
                         "--precision " + recorded_precision);
    // Another circuit's recording is still compared step by step (finding
    // where an edit shows is the point of verifying), but every verdict says so.
    if (parse_fingerprint(hash) != circuit_hash) {
        const std::string hashes = "circuit hash " + hash + ", this circuit " + format_fingerprint(circuit_hash);
        caveats_ += " (the recording is of another circuit: " + hashes + ")";
        runtime.logger().warn(where + " records another circuit: " + hashes);
    }
    for (std::size_t number = 2; std::getline(text, line); ++number) {
        std::istringstream fields(line);
        std::string step, value, extra;
        fields >> step >> value;
        const auto parsed_step = parse_step(step);
        const auto parsed_value = parse_fingerprint(value);
        if (!parsed_step || !parsed_value || (fields >> extra))
            throw InputError(where + ", line " + std::to_string(number) + ": expected '<step> <fingerprint>', found '" +
                             line.substr(0, 80) + "'");
        expected_.emplace_back(*parsed_step, *parsed_value);
    }
    std::sort(expected_.begin(), expected_.end()); // in step order already, unless edited by hand
    const auto twice = std::adjacent_find(expected_.begin(), expected_.end(),
                                          [](const auto& a, const auto& b) { return a.first == b.first; });
    if (twice != expected_.end())
        throw InputError(where + " lists step " + std::to_string(twice->first) + " twice");
}

void Replay::after(std::uint64_t step, const DistributedState& state) {
    if (options_.mode == ReplayOptions::Mode::off) return;
    const std::uint64_t actual = fingerprint(state);
    if (options_.mode == ReplayOptions::Mode::record) {
        recorded_.emplace_back(step, actual);
        return;
    }
    const auto recorded = std::lower_bound(expected_.begin(), expected_.end(), std::make_pair(step, std::uint64_t{0}));
    if (recorded == expected_.end() || recorded->first != step)
        throw ReplayDivergence("the recording '" + options_.path + "' has no step " + std::to_string(step) + " (it " +
                                   (expected_.empty() ? std::string("is empty")
                                                      : "ends at step " + std::to_string(expected_.back().first)) +
                                   "): it does not cover this run" + caveats_,
                               step);
    if (recorded->second != actual)
        throw ReplayDivergence("replay diverges at step " + std::to_string(step) + ": expected fingerprint " +
                                   format_fingerprint(recorded->second) + ", got " + format_fingerprint(actual) +
                                   caveats_,
                               step);
}

void Replay::finish(std::uint64_t steps) {
    if (options_.mode == ReplayOptions::Mode::verify && !expected_.empty() && expected_.back().first > steps)
        throw ReplayDivergence("the recording '" + options_.path + "' goes on to step " +
                                   std::to_string(expected_.back().first) + ", this run ends at step " +
                                   std::to_string(steps) + ": it records a longer run" + caveats_,
                               steps + 1);
    if (options_.mode != ReplayOptions::Mode::record) return;
    std::ostringstream text;
    text << "qzone-replay 1 " << format_fingerprint(circuit_hash_) << ' ' << name_of(precision_) << '\n';
    for (const auto& [step, value] : recorded_) text << step << ' ' << format_fingerprint(value) << '\n';
    files::write_text(runtime_, options_.path, text.str(), "--replay record");
}

} // namespace qzone::execution
