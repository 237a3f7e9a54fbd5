#pragma once
// Private (planning layer): where qubits lie while a plan runs. Decides the
// exchange stages that bring qubits inside chunks before the steps that need
// them there, with a look-ahead: the qubits evicted are those needed again
// furthest in the future, and qubits needed soon ride along in a stage that
// happens anyway.

#include <vector>

#include <runtime/qubit_map.hpp>

#include "plan.hpp"

namespace qzone::planning {

/// Inserts exchange steps into `steps` for a state whose first
/// `local_qubits` positions lie inside chunks, starting from `start`. With
/// `choose_initial_map` (the state is |0...0>, the same under any map) the
/// plan also picks where qubits start: those needed inside chunks last start
/// outside them.
/// @throw qzone::Error if a step needs more qubits inside chunks than the
///        layout has.
Plan place(std::vector<Step> steps, const QubitMap& start, unsigned local_qubits, bool choose_initial_map);

/// The qubits `step` needs inside chunks.
std::vector<unsigned> qubits_needed_by(const Step& step);

} // namespace qzone::planning
