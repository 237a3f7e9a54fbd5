#include "metrics_recorder.hpp"

#include <functional>

#include <sys/resource.h>

#include <Kokkos_Core.hpp>

#include <runtime/detail/seconds_since.hpp>

#include "../state/state_internals.hpp"
#include "../transport/transport.hpp"

namespace qzone::execution {
namespace {

/// The per-rank values reduced to min, mean, max (times) and sum (bytes).
OperationMetrics reduce_group(const RuntimeView& runtime, const std::string& name, std::uint64_t step,
                              std::uint64_t count, double seconds, std::uint64_t bytes) {
    OperationMetrics m;
    m.name = name;
    m.step = step;
    m.count = count;
    m.seconds_min = runtime.reduce(seconds, min_op{});
    m.seconds_max = runtime.reduce(seconds, max_op{});
    m.seconds_mean = runtime.reduce(seconds, std::plus<>{}) / static_cast<double>(runtime.size());
    m.bytes_exchanged = runtime.reduce(bytes, std::plus<>{});
    return m;
}

} // namespace

void MetricsRecorder::begin(const DistributedState& state) {
    if (!enabled_) return;
    Kokkos::fence();
    bytes_at_start_ = detail::StateInternals::transport(state).bytes_sent();
    started_ = std::chrono::steady_clock::now();
}

void MetricsRecorder::end(const DistributedState& state, const std::string& name, std::uint64_t step) {
    if (!enabled_) return;
    Kokkos::fence();
    const double seconds = detail::seconds_since(started_);
    const std::uint64_t bytes = detail::StateInternals::transport(state).bytes_sent() - bytes_at_start_;
    Local& kind = by_kind_[name];
    ++kind.count;
    kind.seconds += seconds;
    kind.bytes += bytes;
    if (step > 0) {
        step_names_.emplace_back(name, step);
        by_step_.push_back({1, seconds, bytes});
    }
}

RunMetrics MetricsRecorder::finish(const RuntimeView& runtime) const {
    RunMetrics metrics;
    if (!enabled_) return metrics;
    Local total;
    for (const auto& [name, local] : by_kind_) {
        metrics.by_kind.push_back(reduce_group(runtime, name, 0, local.count, local.seconds, local.bytes));
        total.count += local.count;
        total.seconds += local.seconds;
        total.bytes += local.bytes;
    }
    metrics.total = reduce_group(runtime, "all", 0, total.count, total.seconds, total.bytes);
    // Per step: one vector reduction each for min, max, sum and bytes.
    std::vector<double> seconds;
    std::vector<std::uint64_t> bytes;
    for (const Local& local : by_step_) {
        seconds.push_back(local.seconds);
        bytes.push_back(local.bytes);
    }
    const auto minimum = runtime.reduce(seconds, min_op{}), maximum = runtime.reduce(seconds, max_op{});
    const auto sum = runtime.reduce(seconds, std::plus<>{});
    const auto byte_sum = runtime.reduce(bytes, std::plus<>{});
    for (std::size_t i = 0; i < by_step_.size(); ++i) {
        OperationMetrics m;
        m.name = step_names_[i].first;
        m.step = step_names_[i].second;
        m.count = 1;
        m.seconds_min = minimum[i];
        m.seconds_max = maximum[i];
        m.seconds_mean = sum[i] / static_cast<double>(runtime.size());
        m.bytes_exchanged = byte_sum[i];
        metrics.by_step.push_back(m);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    metrics.peak_memory_bytes = runtime.gather(static_cast<double>(usage.ru_maxrss) * 1024); // concatenation
    return metrics;
}

} // namespace qzone::execution
