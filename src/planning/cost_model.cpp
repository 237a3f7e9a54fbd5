#include "cost_model.hpp"

#include <algorithm>
#include <array>

namespace qzone::planning {
namespace {

// Seconds per pass over a 24-qubit state on one rank, divided by the
// one-qubit pass, from `qzone-bench-engine --mode blocks --qubits 24`
// (docs/benchmarks.md): medians over all target sets, 2-core Intel Xeon VM.
constexpr std::array<double, 7> dense_pass = {1.0, 1.0, 1.15, 1.45, 2.3, 4.3, 8.6};
constexpr double diagonal_pass = 1.1;

} // namespace

double dense_cost(unsigned qubits) { return dense_pass[std::min<std::size_t>(qubits, dense_pass.size() - 1)]; }

double diagonal_cost() { return diagonal_pass; }

unsigned default_fusion_width() {
    unsigned width = 1;
    while (width + 1 < dense_pass.size() && dense_pass[width + 1] <= 2 * dense_pass[width]) ++width;
    return width;
}

} // namespace qzone::planning
