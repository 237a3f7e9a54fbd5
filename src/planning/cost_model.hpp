#pragma once
// Private (planning layer): what a pass over the state costs, relative to a
// one-qubit gate's pass, by what the pass does. Measured, not guessed: see
// cost_model.cpp for the figures and their source.

namespace qzone::planning {

/// Cost of a pass applying a dense block on `qubits` qubits (1..6).
double dense_cost(unsigned qubits);
/// Cost of a pass applying a diagonal block.
double diagonal_cost();
/// The widest dense block worth building by default: the widest whose pass
/// costs at most two one-qubit passes per qubit it holds.
unsigned default_fusion_width();

} // namespace qzone::planning
