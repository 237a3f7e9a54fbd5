#include "result_json.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <runtime/build_info.hpp>
#include <runtime/fingerprint.hpp>

#include "info_command.hpp"

namespace qzone::app {
namespace {

nlohmann::json to_json(const OperationMetrics& m) {
    nlohmann::json json = {{"name", m.name},
                           {"count", m.count},
                           {"seconds", {{"min", m.seconds_min}, {"mean", m.seconds_mean}, {"max", m.seconds_max}}},
                           {"bytes_exchanged", m.bytes_exchanged},
                           {"exchange_gb_per_s", m.gigabytes_per_second()}};
    if (m.step > 0) json["step"] = m.step;
    return json;
}

} // namespace

nlohmann::json result_json(const RuntimeView& rt, const Circuit& circuit, const RunOptions& options,
                           const RunResult& result, double parse_seconds, double total_seconds) {
    nlohmann::json json = {{"qzone", build_info().qzone_version},
                           {"circuit", circuit.name},
                           {"qubits", circuit.qubits},
                           {"clbits", circuit.clbits},
                           {"ranks", rt.size()},
                           {"threads_per_rank", threads_per_rank(rt)},
                           {"chunks", result.chunks},
                           {"transport", result.transport},
                           {"precision", name_of(options.state.precision)},
                           {"shots", options.shots},
                           {"seed", options.seed},
                           {"method", result.trajectories ? "trajectories" : "sampling"},
                           {"counts", result.counts},
                           {"warnings", circuit.warnings}};
    if (!result.trajectories) json["fingerprint"] = format_fingerprint(result.fingerprint);
    json["plan"] = {{"gates", result.plan.gates},
                    {"passes", result.plan.passes},
                    {"sweeps", result.plan.sweeps},
                    {"dense_blocks_by_width", result.plan.dense_blocks_by_width},
                    {"permutation_blocks", result.plan.permutation_blocks},
                    {"diagonal_blocks", result.plan.diagonal_blocks},
                    {"unfused_gates", result.plan.unfused_gates},
                    {"exchange_stages", result.plan.exchange_stages},
                    {"qubits_exchanged", result.plan.qubits_exchanged},
                    {"cost_model", result.plan.cost_model}};
    if (result.resumed_from_step) json["resumed_from_step"] = *result.resumed_from_step;
    if (result.checkpoints_written > 0) json["checkpoints_written"] = result.checkpoints_written;
    if (!result.notes.empty()) json["notes"] = result.notes;
    if (!result.expectations.empty()) {
        json["expectations"] = nlohmann::json::object();
        for (const auto& [observable, value] : result.expectations) json["expectations"][observable] = value;
    }
    if (const char* job = std::getenv("SLURM_JOB_ID"))
        json["slurm"] = {{"job_id", job}, {"step_id", std::getenv("SLURM_STEP_ID") ? std::getenv("SLURM_STEP_ID") : ""}};
    json["timings"] = {{"parse_seconds", parse_seconds},
                       {"simulate_seconds", result.simulate_seconds},
                       {"sample_seconds", result.sample_seconds},
                       {"total_seconds", total_seconds}};
    return json;
}

nlohmann::json metrics_json(const RunMetrics& metrics) {
    nlohmann::json kinds = nlohmann::json::array(), steps = nlohmann::json::array();
    for (const auto& m : metrics.by_kind) kinds.push_back(to_json(m));
    for (const auto& m : metrics.by_step) steps.push_back(to_json(m));
    return {{"total", to_json(metrics.total)},
            {"by_kind", kinds},
            {"by_step", steps},
            {"peak_memory_bytes_per_rank", metrics.peak_memory_bytes}};
}

std::string metrics_summary(const RunMetrics& metrics) {
    std::vector<OperationMetrics> kinds = metrics.by_kind;
    std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.seconds_max > b.seconds_max; });
    std::ostringstream text;
    text.precision(3);
    text << "metrics: " << metrics.total.count << " plan steps in " << metrics.total.seconds_max << " s (slowest rank), "
         << metrics.total.bytes_exchanged / 1e9 << " GB exchanged; costliest:";
    for (std::size_t i = 0; i < kinds.size() && i < 3; ++i)
        text << ' ' << kinds[i].name << " " << kinds[i].seconds_max << " s (" << kinds[i].count << ")";
    return text.str();
}

void write_result(const nlohmann::json& json, const RunResult& result, bool one_line, const files::ChunkWriter& write) {
    std::string text = one_line ? dump_line(json) : dump(json) + "\n";
    if (!result.probabilities && !result.amplitudes) return write(text);
    // The listings go after the other members, a piece at a time: as a
    // JSON tree, 2^24 amplitudes would take gigabytes on rank 0.
    text.erase(text.find_last_of('}')); // the object stays open
    const std::string before_member = one_line ? "," : ",\n  ", before_entry = one_line ? "" : "\n    ",
                      after_entries = one_line ? "]" : "\n  ]";
    constexpr std::size_t entries_per_piece = 1 << 14;
    const auto number = [](double value) { return nlohmann::json(value).dump(); };
    const auto list = [&](const char* name, std::size_t count, const auto& entry) {
        text += before_member + "\"" + name + "\":" + (one_line ? "[" : " [");
        for (std::size_t i = 0; i < count; ++i) {
            text += (i ? "," : "") + before_entry + entry(i);
            if (i % entries_per_piece == entries_per_piece - 1) {
                write(text);
                text.clear();
            }
        }
        text += after_entries;
    };
    if (result.probabilities)
        list("probabilities", result.probabilities->size(), [&](std::size_t i) { return number((*result.probabilities)[i]); });
    if (result.amplitudes)
        list("amplitudes", result.amplitudes->size(), [&](std::size_t i) {
            const std::complex<double> a = (*result.amplitudes)[i];
            return "[" + number(a.real()) + (one_line ? "," : ", ") + number(a.imag()) + "]";
        });
    write(text + (one_line ? "}\n" : "\n}\n"));
}

std::string dump(const nlohmann::json& json) {
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dump_line(const nlohmann::json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace qzone::app
