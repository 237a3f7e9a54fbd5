#pragma once
// The JSON a run writes (--output, --metrics) and its one-line metrics summary.

#include <string>

#include <nlohmann/json.hpp>

#include <runtime/files.hpp>
#include <runtime/run.hpp>

namespace qzone::app {

/// What `qzone run` prints: circuit, ranks, counts, fingerprint, plan,
/// timings and what was asked for (docs/cli.md), but for the probability and
/// amplitude listings, which write_result adds. Not collective.
nlohmann::json result_json(const RuntimeView& rt, const Circuit& circuit, const RunOptions& options,
                           const RunResult& result, double parse_seconds, double total_seconds);

/// Writes `json` with the result's probability and amplitude listings (when
/// it has them) as their last members, piece by piece: pretty-printed with a
/// final newline, or `one_line` as a JSON Lines record. Not collective.
void write_result(const nlohmann::json& json, const RunResult& result, bool one_line, const files::ChunkWriter& write);

/// --metrics: per-gate-kind and per-step times and exchanged bytes.
nlohmann::json metrics_json(const RunMetrics& metrics);

/// One line for the log: totals and the three costliest gate kinds.
std::string metrics_summary(const RunMetrics& metrics);

/// JSON text that is valid even if a circuit name or warning holds bytes
/// that are not UTF-8 (they are replaced).
std::string dump(const nlohmann::json& json);

/// The same on one line, with its newline: a JSON Lines record.
std::string dump_line(const nlohmann::json& json);

} // namespace qzone::app
