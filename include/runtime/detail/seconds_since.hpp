#pragma once
// Wall time on the steady clock, as the run, batch and metrics code and the
// executable measure it (detail: not part of the API).

#include <chrono>

namespace qzone::detail {

using Clock = std::chrono::steady_clock;

/// Seconds from `start` to now.
inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace qzone::detail
