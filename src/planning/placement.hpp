#pragma once
// Private (planning layer): where qubits lie while a plan runs. Inserts the
// exchange stages the stage search (stage_search.hpp) chooses before the
// steps that need qubits inside chunks.

#include <vector>

#include <runtime/qubit_map.hpp>

#include "chunk_topology.hpp"
#include "plan.hpp"

namespace qzone::planning {

/// Inserts exchange steps into `steps` for a state laid out as `topology`
/// says, starting from `start`. With `choose_initial_map` (the state is
/// |0...0>, the same under any map) the plan also picks where qubits start.
/// @throw qzone::ResourceError if a step needs more qubits inside chunks
///        than the layout has.
Plan place(std::vector<Step> steps, const QubitMap& start, const ChunkTopology& topology, bool choose_initial_map);

/// The qubits `step` needs inside chunks.
std::vector<unsigned> qubits_needed_by(const Step& step);

/// Moves `map` as `step` moves qubits (an exchange's pairs, a relabelling
/// swap); other steps leave it as it is.
void follow(const Step& step, QubitMap& map);

} // namespace qzone::planning
