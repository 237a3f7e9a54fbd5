#pragma once
/// @file cost_model.hpp
/// What a pass over the state costs on this machine, by what it applies:
/// the model gate fusion follows (docs/cost_model.md). Measured where qzone
/// runs, cached per machine and build, overridable, and the same on every
/// rank of a run (rank 0's).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include <runtime/precision.hpp>

namespace qzone {

class RuntimeView;

/// Costs of passes over a state, relative to a one-qubit gate's pass over
/// a state beyond the caches.
struct PassCosts {
    /// A dense block on k qubits, k = 1..6 (dense[0] unused; dense[1] = 1
    /// beyond the caches).
    std::array<double, 7> dense{};
    /// A diagonal block (any width up to 10 qubits).
    double diagonal = 0;

    /// A dense block on `width` qubits (wider than 6: as 6).
    double dense_block(std::size_t width) const { return dense[width < dense.size() ? width : dense.size() - 1]; }

    bool operator==(const PassCosts& other) const { return dense == other.dense && diagonal == other.diagonal; }
};

/// The cost model: pass costs for a state beyond the caches and for one
/// that fits in them (bound by arithmetic, not by memory), both in units of
/// a one-qubit pass beyond the caches. The in-cache costs also price the
/// blocks of a sweep (one pass over memory, each block applied to a tile in
/// the cache).
struct CostModel {
    PassCosts in_memory, in_cache;
    /// States of at most this many bytes (the whole state, whatever the rank
    /// count, so that fusion stays the same on any number of ranks) take
    /// the in-cache costs: a core's level-2 cache.
    std::uint64_t cache_bytes = 0;
    /// A sweep's own pass over memory: fetching its tiles and writing them
    /// back, its blocks aside.
    double sweep_pass = 1;
    /// Where the model came from, for results and logs: "built in",
    /// "calibrated", "cached in PATH", "QZONE_COST_MODEL=PATH", "checkpoint PATH".
    std::string source;

    /// The costs for a state of `state_bytes` bytes.
    const PassCosts& for_state(std::uint64_t state_bytes) const {
        return state_bytes <= cache_bytes ? in_cache : in_memory;
    }
    /// The same tables and cache size (the source aside).
    bool same_costs(const CostModel& other) const {
        return in_memory == other.in_memory && in_cache == other.in_cache && cache_bytes == other.cache_bytes &&
               sweep_pass == other.sweep_pass;
    }
};

/// The model measured on a 2-core Intel Xeon with AVX-512 (docs/cost_model.md):
/// what plans follow when nothing is measured (the planner's default, and
/// QZONE_COST_MODEL=builtin).
CostModel builtin_cost_model();

/// The model as text, the format of cache files and QZONE_COST_MODEL files:
///     qzone-cost-model 1
///     cache_bytes 2097152
///     sweep_pass 1.1
///     in_memory 1 1.06 1.43 2.41 5.2 11.2 1.18
///     in_cache 0.87 0.85 1.3 2.5 6.1 15.5 0.8
/// (per regime: dense blocks on 1 to 6 qubits, then the diagonal). Lines
/// starting with '#' are comments.
std::string to_text(const CostModel& model);

/// Parses to_text's format; `source` names the text in errors and becomes
/// the model's source.
/// @throw qzone::InputError naming `source` and the line for anything else
///        (a missing line, a number that is not positive and finite, an
///        in-memory one-qubit cost other than 1).
CostModel cost_model_from_text(const std::string& text, const std::string& source);

/// Measures the model on this process alone (no other rank takes part),
/// with the kernels `precision` runs, on a 32 MiB state: passes of dense
/// blocks on 1 to 6 qubits and a 10-qubit diagonal on its middle qubits;
/// blocks on up to 4 qubits and the diagonal in sweeps (the growth of a
/// sweep's time with one more block: its cost in the cache; wider blocks in
/// the proportion of 4-qubit ones), and a sweep's own pass. About 0.4 s.
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
