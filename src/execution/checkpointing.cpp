#include "checkpointing.hpp"

#include <filesystem>
#include <functional>
#include <vector>

#include <runtime/checkpoint.hpp>
#include <runtime/errors.hpp>
#include <runtime/files.hpp>

namespace qzone::execution {
namespace {

/// This circuit's checkpoints in `directory`, newest first, as rank 0 sees
/// them: rank 0's view of the folder is everybody's. Collective.
std::vector<std::string> checkpoints_seen_by_root(const RuntimeView& runtime, const std::string& directory,
                                                  std::uint64_t circuit_hash) {
    std::vector<std::string> paths;
    runtime.on_root([&] { paths = list_checkpoints(directory, circuit_hash); });
    return runtime.at(0).ram().broadcast(paths);
}

} // namespace

bool stop_asked(const RuntimeView& runtime, const RunOptions& options) {
    return options.stop_requested && runtime.reduce(options.stop_requested(), std::logical_or<>{});
}

Checkpointing::Checkpointing(const RunOptions& options, std::uint64_t circuit_hash, std::string plan_inputs)
    : options_(options), circuit_hash_(circuit_hash), plan_inputs_(std::move(plan_inputs)) {}

// A checkpoint of another seed or shot count is refused: its random stream
// would continue under the new seed's name.
std::uint64_t Checkpointing::resume(DistributedState& state, Rng& rng, RunResult& result) {
    const RunOptions& options = options_;
    const std::uint64_t circuit_hash = circuit_hash_;
    const std::string& directory = options.checkpoint.resume_from;
    const RuntimeView& runtime = state.runtime();
    runtime.on_root([&] {
        std::error_code error;
        if (!std::filesystem::is_directory(directory, error))
            throw InputError("--resume '" + directory + "': " +
                             (std::filesystem::exists(directory, error) ? "not a folder" : "no such folder"));
    });
    const std::vector<std::string> candidates = checkpoints_seen_by_root(runtime, directory, circuit_hash);
    if (candidates.empty()) {
        result.notes.push_back("no checkpoint of this circuit in " + directory + "; starting from the beginning");
        return 0;
    }
    std::string reasons;
    for (const std::string& path : candidates) {
        try {
            const CheckpointMetadata metadata = read_checkpoint(state, path, circuit_hash);
            if (!rng.restore(metadata.rng_state)) throw CheckpointError(path + ": corrupted random generator state");
            if (metadata.seed != options.seed || metadata.shots != options.shots)
                throw InputError("--resume: " + path + " was written by a run with seed " +
                                 std::to_string(metadata.seed) + " and " + std::to_string(metadata.shots) +
                                 " shots; this run has seed " + std::to_string(options.seed) + " and " +
                                 std::to_string(options.shots) +
                                 " shots. Resume with the same seed and shots, or start afresh without --resume");
            result.resumed_from_step = metadata.step;
            result.notes.push_back("resumed from " + path + " at step " + std::to_string(metadata.step));
            if (metadata.precision != state.precision())
                result.notes.push_back(std::string("the checkpoint holds ") + name_of(metadata.precision) +
                                       "-precision amplitudes; converted to " + name_of(state.precision()) +
                                       (state.precision() == Precision::double_ ? " (exactly)"
                                                                                : " (each part rounded once)"));
            if (!metadata.plan_inputs.empty()) plan_inputs_ = metadata.plan_inputs;
            last_boundary_ = metadata.step;
            return metadata.step;
        } catch (const CheckpointError& e) {
            result.notes.push_back(std::string(e.what()) + "; trying an older checkpoint");
            reasons += std::string("\n  ") + e.what();
        }
    }
    throw CheckpointError("no usable checkpoint in " + directory + ":" + reasons);
}

// A failure leaves the earlier checkpoints as they were.
std::string Checkpointing::save(const DistributedState& state, std::uint64_t step, const Rng& rng,
                                RunResult& result) const {
    const RunOptions& options = options_;
    const std::uint64_t circuit_hash = circuit_hash_;
    const std::string& directory = options.checkpoint.directory;
    const std::string path = checkpoint_path(directory, circuit_hash, step);
    CheckpointMetadata metadata;
    metadata.circuit_hash = circuit_hash;
    metadata.step = step;
    metadata.rng_state = rng.state();
    metadata.seed = options.seed;
    metadata.shots = options.shots;
    metadata.plan_inputs = plan_inputs_;
    try {
        write_checkpoint(state, path, metadata);
    } catch (const IoError& e) {
        const std::vector<std::string> existing = checkpoints_seen_by_root(state.runtime(), directory, circuit_hash);
        throw IoError(std::string(e.what()) + "; the newest complete checkpoint is " +
                      (existing.empty() ? std::string("none") : existing.front()));
    }
    ++result.checkpoints_written;
    // Only now, with the new one complete, may old ones go.
    const std::vector<std::string> existing = checkpoints_seen_by_root(state.runtime(), directory, circuit_hash);
    for (std::size_t i = options.checkpoint.keep; i < existing.size(); ++i) files::remove(state.runtime(), existing[i]);
    return path;
}

void Checkpointing::at_boundary(const DistributedState& state, std::uint64_t at, std::uint64_t steps, const Rng& rng,
                                RunResult& result) {
    const std::uint64_t previous = last_boundary_;
    last_boundary_ = at;
    const bool writes = !options_.checkpoint.directory.empty();
    // A stop asked on any rank stops every rank; a checkpoint is due at the
    // first boundary past each multiple of `every`.
    const bool stop = stop_asked(state.runtime(), options_);
    const std::string where = "stopped at step " + std::to_string(at) + " of " + std::to_string(steps);
    if (stop && !writes) throw RunInterrupted(where, "", at);
    const std::uint64_t every = options_.checkpoint.every;
    if (!writes || !(stop || (every > 0 && at / every != previous / every))) return;
    const std::string path = save(state, at, rng, result);
    if (stop) throw RunInterrupted(where + "; checkpoint " + path, path, at);
}

} // namespace qzone::execution
