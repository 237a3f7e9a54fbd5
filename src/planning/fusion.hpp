#pragma once
// Private (planning layer): gate fusion. Depends on the circuit and the
// options alone, never on the rank count or layout, so a fused run gives
// bit-identical amplitudes on any number of ranks.

#include <cstddef>
#include <functional>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/cost_model.hpp>

#include "plan.hpp"

namespace qzone::planning {

struct FusionOptions {
    bool enabled = true;
    unsigned max_width = 4;              ///< widest dense block
    unsigned max_permutation_width = 4;  ///< widest permutation block (no arithmetic grows with it)
    unsigned max_diagonal_width = 10;    ///< widest diagonal block (a table of 2^k phases)
    PassCosts costs;                     ///< what each kind of pass costs
};

/// Steps (without exchanges) for operations [first, end) of `circuit`.
/// Gates are gathered greedily into blocks on disjoint qubit sets while the
/// cost model says one wider pass is cheaper than the passes it replaces;
/// a block keeps the narrowest kind its gates allow: diagonal (diagonal
/// gates, up to max_diagonal_width qubits), permutation with phases (X, CX,
/// CCX, SWAP with controls, and diagonals; up to max_permutation_width,
/// priced as a diagonal pass), or dense (up to max_width). Blocks are
/// cut (every open block ends) after each operation i with cut_after(i).
/// Measurements are skipped when `measurements_are_sampled` (the run samples
/// the final state), steps otherwise; barriers are skipped.
std::vector<Step> fuse(const Circuit& circuit, std::size_t first, std::size_t end, const FusionOptions& options,
                       const std::function<bool(std::size_t)>& cut_after, bool measurements_are_sampled);

} // namespace qzone::planning
