#pragma once
/// @file metrics.hpp
/// Where a run's time and bytes went, reduced over all ranks.

#include <cstdint>
#include <string>
#include <vector>

namespace qzone {

/// Time and traffic of one group of operations (a gate kind, or one step).
/// Times are each rank's total for the group: the minimum, mean and maximum
/// over ranks. Bytes are those this group sent to other ranks through MPI,
/// summed over ranks (pairs combined in node-shared memory send nothing).
struct OperationMetrics {
    std::string name;           ///< gate name, or the step's gate name
    std::uint64_t step = 0;     ///< for per-step entries: the step (1-based)
    std::uint64_t count = 0;    ///< operations (per rank)
    double seconds_min = 0, seconds_mean = 0, seconds_max = 0;
    std::uint64_t bytes_exchanged = 0;
    double gigabytes_per_second() const { return seconds_max > 0 ? bytes_exchanged / seconds_max / 1e9 : 0; }
};

/// What the planner made of a circuit (a trajectory circuit's per-shot part
/// counted once).
struct PlanSummary {
    std::size_t gates = 0;                          ///< gates planned
    std::size_t passes = 0;                         ///< steps that read and write the whole state
    std::size_t sweeps = 0;                         ///< passes that apply several blocks tile by tile
    std::vector<std::size_t> dense_blocks_by_width; ///< [k]: dense blocks on k qubits
    std::size_t permutation_blocks = 0;             ///< blocks that permute basis states, with phases
    std::size_t diagonal_blocks = 0;
    std::size_t unfused_gates = 0;                  ///< gates run on their own (fusion off, too wide, swaps, conditions)
    std::size_t exchange_stages = 0;                ///< exchanges that move qubits inside chunks
    std::size_t qubits_exchanged = 0;               ///< qubits moved by all stages together
    std::string cost_model;                         ///< where fusion's cost model came from (CostModel::source)
};

/// A run's metrics.
struct RunMetrics {
    std::vector<OperationMetrics> by_kind;   ///< one per gate name, by name
    std::vector<OperationMetrics> by_step;   ///< one per applied gate, in order (sampling runs)
    OperationMetrics total;                  ///< all gates together
    std::vector<double> peak_memory_bytes;   ///< peak resident memory of each rank, in rank order
};

} // namespace qzone
