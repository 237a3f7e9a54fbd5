#pragma once
// Private (execution): per-step state fingerprints of a run, recorded to a
// file or verified against one.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <runtime/precision.hpp>
#include <runtime/run.hpp>

namespace qzone::execution {

class Replay {
public:
    /// Checks the recording's path up front: a file a recording run can
    /// write, or a recording of this circuit a verifying run can read (read
    /// now, by rank 0, and shared). Collective.
    /// A recording of another circuit is compared all the same; a warning
    /// and every divergence message say so. A recording says which
    /// precision ran (none: double); fingerprints of the two precisions
    /// differ, so a verifying run must use the recording's.
    /// @throw qzone::InputError (on every rank) for an unusable path, a
    ///        malformed recording or one of the other precision.
    Replay(const RuntimeView& runtime, const ReplayOptions& options, std::uint64_t circuit_hash, Precision precision);

    /// After `step` (1-based: the number of operations done). Collective.
    /// @throw qzone::ReplayDivergence if the fingerprint differs from the
    ///        recording or the recording has no such step.
    void after(std::uint64_t step, const DistributedState& state);

    /// At the end of a run of `steps` steps: writes the recording, or checks
    /// that the recording ends there too. Collective.
    /// @throw qzone::IoError if the recording cannot be written;
    ///        qzone::ReplayDivergence if the recording goes on past `steps`.
    void finish(std::uint64_t steps);

private:
    const RuntimeView& runtime_;
    const ReplayOptions& options_;
    std::uint64_t circuit_hash_;
    Precision precision_;
    std::string caveats_; ///< appended to every verdict: another circuit's recording, a last line cut short
    std::vector<std::pair<std::uint64_t, std::uint64_t>> expected_, recorded_; // (step, fingerprint)
};

} // namespace qzone::execution
