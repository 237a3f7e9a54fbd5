#include "cost_model.hpp"

#include <algorithm>
#include <array>

namespace qzone::planning {
namespace {

// Time of a pass over the state, over the one-qubit gate's pass, from
// `qzone-bench-engine --mode blocks --qubits 24` (medians of 5 over low,
// middle and high positions; docs/benchmarks.md), 2-core Intel Xeon VM, one
// rank, Serial Kokkos. Index k: a dense block on k qubits.
constexpr std::array<double, 7> dense_pass = {1.0, 1.0, 1.22, 1.97, 3.63, 6.46, 12.2};
constexpr double diagonal_pass = 1.5;

} // namespace

double dense_cost(unsigned qubits) { return dense_pass[std::min<std::size_t>(qubits, dense_pass.size() - 1)]; }

double diagonal_cost() { return diagonal_pass; }

unsigned default_fusion_width() {
    // The widest block whose pass costs at most two one-qubit passes per
    // qubit it holds: wider ones cost more than the narrower blocks they replace.
    unsigned width = 1;
    while (width + 1 < dense_pass.size() && dense_pass[width + 1] <= 2.0 * (width + 1)) ++width;
    return width;
}

} // namespace qzone::planning
