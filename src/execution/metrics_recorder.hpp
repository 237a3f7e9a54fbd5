#pragma once
// Private (execution layer): timing and byte counting of operations.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/metrics.hpp>
#include <runtime/runtime_view.hpp>

namespace qzone::execution {

/// Measures each operation on this rank; finish() reduces over all ranks.
/// Does nothing when disabled.
class MetricsRecorder {
public:
    explicit MetricsRecorder(bool enabled) : enabled_(enabled) {}

    /// Begins timing an operation on `state` (whose exchange buffers count its bytes).
    void begin(const DistributedState& state);
    /// Ends the operation begun last; `step` is recorded per step when > 0.
    void end(const DistributedState& state, const std::string& name, std::uint64_t step);

    /// Collective: the reductions over ranks (every rank must have recorded
    /// the same operations, as SPMD runs do).
    RunMetrics finish(const RuntimeView& runtime) const;

    bool enabled() const noexcept { return enabled_; }

private:
    struct Local {
        std::uint64_t count = 0;
        double seconds = 0;
        std::uint64_t bytes = 0;
    };
    bool enabled_;
    std::chrono::steady_clock::time_point started_;
    std::uint64_t bytes_at_start_ = 0;
    std::map<std::string, Local> by_kind_;
    std::vector<std::pair<std::string, std::uint64_t>> step_names_;
    std::vector<Local> by_step_;
};

} // namespace qzone::execution
