#pragma once
// A progress bar on rank 0's stderr for runs longer than two seconds.

#include <chrono>
#include <cstddef>

namespace qzone::app {

/// Drawn at most ten times a second: automatically when stderr is a
/// terminal, or always when forced (--progress; under mpirun a rank's stderr
/// is a pipe to mpirun, which passes the bar on to its own terminal). Ends
/// its line when destroyed, so that what follows starts on a line of its own.
class ProgressBar {
public:
    ProgressBar(bool root, bool forced);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    void update(std::size_t done, std::size_t total);

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_ = start_;
};

} // namespace qzone::app
