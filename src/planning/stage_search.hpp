#pragma once
// Private (planning layer): which qubits lie between chunks before each step,
// chosen to move the fewest (topology-weighted) bytes. Steps keep their
// order: reordering even commuting blocks would change the last bits of the
// amplitudes, and then results would depend on the rank count.

#include <cstddef>
#include <functional>
#include <string>
#include <optional>
#include <utility>
#include <vector>

#include <runtime/qubit_map.hpp>

#include "chunk_topology.hpp"

namespace qzone::planning {

/// The steps as the stage search sees them.
struct StepNeeds {
    std::vector<unsigned> qubits; ///< needed inside chunks (may be empty)
    /// A relabelling swap of these two qubits (they trade positions, no data moves).
    std::optional<std::pair<unsigned, unsigned>> relabel;
};

/// The stages: before step i, `stages[i]` (pairs: the qubit coming inside
/// chunks, the one leaving to its position), possibly none; and the map to
/// start from when it may be chosen.
struct StageChoice {
    std::vector<std::vector<std::pair<unsigned, unsigned>>> stages;
    std::optional<QubitMap> initial_map;
    double cost = 0; ///< the stages' ChunkTopology::stage_cost, summed
};

/// Chooses the stages for `steps` on `topology`, starting from `start` (or
/// from any map when `choose_initial_map`). A search over the stages' sizes
/// and partners: before a step that needs qubits between chunks, qubits
/// between chunks needed soon may ride along (every subset while at most 4
/// qubits could, the soonest-needed first beyond), the qubits leaving are
/// those needed again furthest ahead, and they take the positions whose
/// exchanges cost least in the order they are needed again (every assignment
/// for up to 3 qubits). Where there are at most `exact_maps` placements of
/// qubits on chunk-index positions and at most `exact_work` placements times
/// steps, all survive each step (and all start, when the start may be
/// chosen); otherwise the cheapest `beam_width`.
/// Deterministic: the same choice on every rank.
/// @throw qzone::ResourceError (naming `step_name(i)`) if a step needs more
///        qubits than fit inside chunks.
StageChoice choose_stages(const std::vector<StepNeeds>& steps, const QubitMap& start, const ChunkTopology& topology,
                          bool choose_initial_map, const std::function<std::string(std::size_t)>& step_name,
                          std::size_t exact_maps = 1024, std::size_t exact_work = std::size_t{1} << 19,
                          std::size_t beam_width = 128);

} // namespace qzone::planning
