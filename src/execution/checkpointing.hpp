#pragma once
// Private (execution layer): what a run does at the boundaries of its plan
// (every 64 operations): stop when asked, write checkpoints on their
// schedule, resume from the newest usable one. The loop over the plan asks;
// this file decides.

#include <cstdint>
#include <string>

#include <runtime/distributed_state.hpp>
#include <runtime/rng.hpp>
#include <runtime/run.hpp>

namespace qzone::execution {

/// Whether options.stop_requested says so on any rank (false without one).
/// Collective: one all-reduce of a bool.
bool stop_asked(const RuntimeView& runtime, const RunOptions& options);

class Checkpointing {
public:
    /// For the run of the circuit with `circuit_hash` under `options`
    /// (options.checkpoint: where, how often, how many to keep, resume),
    /// whose plan depends on `plan_inputs` (recorded in each checkpoint).
    Checkpointing(const RunOptions& options, std::uint64_t circuit_hash, std::string plan_inputs);

    /// The plan inputs: the constructor's, or after resume() those the
    /// checkpoint recorded (where it recorded any).
    const std::string& plan_inputs() const noexcept { return plan_inputs_; }

    /// Loads the newest usable checkpoint of options.checkpoint.resume_from
    /// into `state` and `rng`, noting what it did in `result`; returns the
    /// step to continue from (0 without a checkpoint of this circuit), from
    /// which the checkpoint schedule counts. Collective.
    /// @throw qzone::InputError for a folder that is not one, or a checkpoint
    ///        of another seed or shot count; qzone::CheckpointError when no
    ///        checkpoint of the circuit is usable.
    std::uint64_t resume(DistributedState& state, Rng& rng, RunResult& result);

    /// The run has just completed step `at` of `steps` (a boundary before the
    /// end): stops if any rank was asked to, after writing a checkpoint when
    /// the run writes them, and writes one when the schedule says so.
    /// Collective.
    /// @throw RunInterrupted when stopping; qzone::IoError if a checkpoint
    ///        cannot be written (the earlier ones stay).
    void at_boundary(const DistributedState& state, std::uint64_t at, std::uint64_t steps, const Rng& rng,
                     RunResult& result);

private:
    /// Writes the checkpoint of step `step` and prunes beyond options.checkpoint.keep.
    std::string save(const DistributedState& state, std::uint64_t step, const Rng& rng, RunResult& result) const;

    const RunOptions& options_;
    std::uint64_t circuit_hash_;
    std::string plan_inputs_;
    std::uint64_t last_boundary_ = 0;
};

} // namespace qzone::execution
