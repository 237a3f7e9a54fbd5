#pragma once
/// @file cost_model.hpp
/// What a pass over the state costs on this machine, by what it applies:
/// the model gate fusion follows (docs/cost_model.md). Measured where qzone
/// runs, cached per machine and build, overridable, and the same on every
/// rank of a run (rank 0's).

#include <array>
#include <cstdint>
#include <string>

#include <runtime/precision.hpp>

namespace qzone {

class RuntimeView;

/// Costs of passes over a state, relative to a one-qubit gate's pass.
struct PassCosts {
    /// A dense block on k qubits, k = 1..6 (dense[0] unused, dense[1] = 1).
    std::array<double, 7> dense{};
    /// A diagonal block (any width up to 10 qubits).
    double diagonal = 0;

    bool operator==(const PassCosts& other) const { return dense == other.dense && diagonal == other.diagonal; }
};

/// The cost model: pass costs for a state beyond the caches and for one
/// that fits in them (bound by arithmetic, not by memory).
struct CostModel {
    PassCosts in_memory, in_cache;
    /// States of at most this many bytes (the whole state, whatever the rank
    /// count, so that fusion stays the same on any number of ranks) take
    /// the in-cache costs: a core's level-2 cache.
    std::uint64_t cache_bytes = 0;
    /// Where the model came from, for results and logs: "built in",
    /// "calibrated", "cached in PATH", "QZONE_COST_MODEL=PATH", "checkpoint PATH".
    std::string source;

    /// The costs for a state of `state_bytes` bytes.
    const PassCosts& for_state(std::uint64_t state_bytes) const {
        return state_bytes <= cache_bytes ? in_cache : in_memory;
    }
    /// The same tables and cache size (the source aside).
    bool same_costs(const CostModel& other) const {
        return in_memory == other.in_memory && in_cache == other.in_cache && cache_bytes == other.cache_bytes;
    }
};

/// The model measured on a 2-core Intel Xeon with AVX-512 (docs/cost_model.md):
/// what plans follow when nothing is measured (the planner's default, and
/// QZONE_COST_MODEL=builtin).
CostModel builtin_cost_model();

/// The model as text, the format of cache files and QZONE_COST_MODEL files:
///     qzone-cost-model 1
///     cache_bytes 2097152
///     in_memory 1 1.06 1.43 2.41 5.2 11.2 1.18
///     in_cache 1 0.98 1.5 2.9 7.1 17.9 0.92
/// (per regime: dense blocks on 1 to 6 qubits, then the diagonal). Lines
/// starting with '#' are comments.
std::string to_text(const CostModel& model);

/// Parses to_text's format; `source` names the text in errors and becomes
/// the model's source.
/// @throw qzone::InputError naming `source` and the line for anything else
///        (a missing line, a number that is not positive and finite, a
///        one-qubit cost other than 1).
CostModel cost_model_from_text(const std::string& text, const std::string& source);

/// Measures the model on this process alone (no other rank takes part):
/// passes of dense blocks on 1 to 6 qubits and a 10-qubit diagonal on the
/// lowest, middle and highest qubits of a 32 MiB state and of a state in
/// the level-2 cache, with the kernels `precision` runs. About 0.3 s.
/// @throw qzone::ResourceError if 32 MiB cannot be allocated.
CostModel calibrate_cost_model(Precision precision);

/// The model of the machine `runtime` runs on, rank 0's on every rank:
/// QZONE_COST_MODEL when set (a file in to_text's format, or "builtin");
/// else the cached one for this machine, build, kernel path and precision
/// (in $QZONE_CACHE_DIR, else $XDG_CACHE_HOME/qzone, else ~/.cache/qzone);
/// else calibrate_cost_model(), stored there for later runs. A model that
/// cannot be stored is not used (it would differ from run to run): the
/// built-in one is, with a warning. Collective.
/// @throw qzone::InputError (on every rank) for a QZONE_COST_MODEL file
///        that cannot be read or parsed.
CostModel machine_cost_model(const RuntimeView& runtime, Precision precision);

} // namespace qzone
