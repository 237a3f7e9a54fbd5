#pragma once
// The JSON a run writes (--output, --metrics) and its one-line metrics summary.

#include <string>

#include <nlohmann/json.hpp>

#include <runtime/run.hpp>

namespace qzone::app {

/// What `qzone run` prints: circuit, ranks, counts, fingerprint, plan,
/// timings and what was asked for (docs/cli.md). Not collective.
nlohmann::json result_json(const RuntimeView& rt, const Circuit& circuit, const RunOptions& options,
                           const RunResult& result, double parse_seconds, double total_seconds);

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
