#pragma once
// What every benchmark measures the same way: the slowest rank's time of an
// operation, medians over repeats, and peak resident memory.

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include <sys/resource.h>

#include <Kokkos_Core.hpp>

#include <runtime/runtime_view.hpp>

namespace qzone::bench {

/// Seconds `operation` takes on the slowest rank: all ranks start together,
/// each times itself up to the end of its kernels.
inline double slowest_seconds(const RuntimeView& rt, const std::function<void()>& operation) {
    rt.barrier();
    const auto start = std::chrono::steady_clock::now();
    operation();
    Kokkos::fence();
    return rt.reduce(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), max_op{});
}

inline double median(std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
}

/// The median over `repeats` of slowest_seconds, after one warm-up call
/// (first touch of memory, connection set-up).
inline double median_seconds(const RuntimeView& rt, int repeats, const std::function<void()>& operation) {
    operation();
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) times.push_back(slowest_seconds(rt, operation));
    return median(times);
}

/// This process's peak resident memory so far, in bytes.
inline double peak_resident_bytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) * 1024;
}

} // namespace qzone::bench
