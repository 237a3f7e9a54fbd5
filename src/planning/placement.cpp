#include "placement.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include <runtime/errors.hpp>

#include "gate_matrix.hpp"

namespace qzone::planning {
namespace {

constexpr std::size_t never = std::numeric_limits<std::size_t>::max();

/// For each qubit, the steps that need it inside chunks, ascending.
class NextUse {
public:
    NextUse(const std::vector<Step>& steps, unsigned qubits) : uses_(qubits), cursor_(qubits, 0) {
        for (std::size_t i = 0; i < steps.size(); ++i)
            for (unsigned q : qubits_needed_by(steps[i])) uses_[q].push_back(i);
    }
    /// The first step at or after `step` that needs `qubit`, or `never`.
    std::size_t at_or_after(unsigned qubit, std::size_t step) {
        std::size_t& c = cursor_[qubit];
        while (c < uses_[qubit].size() && uses_[qubit][c] < step) ++c;
        return c < uses_[qubit].size() ? uses_[qubit][c] : never;
    }

private:
    std::vector<std::vector<std::size_t>> uses_;
    std::vector<std::size_t> cursor_;
};

} // namespace

std::vector<unsigned> qubits_needed_by(const Step& step) {
    if (const auto* block = step.as<DenseBlock>()) return block->qubits;
    if (const auto* gate = step.as<Gate>()) return qubits_needed_in_chunks(*gate);
    if (const auto* reset = step.as<Reset>()) return {reset->qubit};
    return {}; // diagonals, exchanges and measurements work wherever their qubits lie
}

Plan place(std::vector<Step> steps, const QubitMap& start, unsigned local_qubits, bool choose_initial_map) {
    const unsigned n = start.qubits();
    NextUse next(steps, n);
    Plan plan;
    QubitMap map = start;
    if (choose_initial_map && local_qubits < n) {
        // Outside chunks go the qubits first needed inside them last.
        std::vector<unsigned> order(n);
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
            return next.at_or_after(a, 0) < next.at_or_after(b, 0);
        });
        std::vector<unsigned> inside(order.begin(), order.begin() + local_qubits), outside(order.begin() + local_qubits, order.end());
        std::sort(inside.begin(), inside.end());
        std::sort(outside.begin(), outside.end());
        std::vector<unsigned> positions(n);
        for (unsigned p = 0; p < local_qubits; ++p) positions[inside[p]] = p;
        for (unsigned p = local_qubits; p < n; ++p) positions[outside[p - local_qubits]] = p;
        map = QubitMap::from_positions(std::move(positions));
        plan.initial_map = map;
    }

    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::vector<unsigned> needed = qubits_needed_by(steps[i]);
        if (needed.size() > local_qubits)
            throw ResourceError("step '" + steps[i].name() + "' needs " + std::to_string(needed.size()) +
                                " qubits inside chunks but the layout has only " + std::to_string(local_qubits) +
                                "; use fewer ranks or a layout with fewer chunks");
        std::vector<unsigned> missing;
        for (unsigned q : needed)
            if (map.position(q) >= local_qubits) missing.push_back(q);
        if (!missing.empty()) {
            // Evict the qubits inside chunks needed furthest ahead.
            std::vector<unsigned> evictable;
            for (unsigned p = 0; p < local_qubits; ++p)
                if (std::find(needed.begin(), needed.end(), map.qubit_at(p)) == needed.end())
                    evictable.push_back(map.qubit_at(p));
            std::stable_sort(evictable.begin(), evictable.end(), [&](unsigned a, unsigned b) {
                return next.at_or_after(a, i) > next.at_or_after(b, i);
            });
            // Others outside chunks ride along while they are needed before the qubit they displace.
            std::vector<unsigned> riders;
            for (unsigned p = local_qubits; p < n; ++p) {
                const unsigned q = map.qubit_at(p);
                if (std::find(missing.begin(), missing.end(), q) == missing.end() && next.at_or_after(q, i) != never)
                    riders.push_back(q);
            }
            std::stable_sort(riders.begin(), riders.end(),
                             [&](unsigned a, unsigned b) { return next.at_or_after(a, i) < next.at_or_after(b, i); });
            Exchange exchange;
            std::size_t e = 0;
            for (unsigned q : missing) exchange.pairs.emplace_back(q, evictable[e++]);
            for (unsigned q : riders) {
                if (e == evictable.size() || next.at_or_after(q, i) >= next.at_or_after(evictable[e], i)) break;
                exchange.pairs.emplace_back(q, evictable[e++]);
            }
            for (const auto& [in, out] : exchange.pairs) map.swap_positions(map.position(in), map.position(out));
            plan.steps.emplace_back().action = std::move(exchange);
        }
        if (is_relabel(steps[i])) {
            const Gate& swap = *steps[i].as<Gate>();
            map.swap_positions(map.position(swap.targets[0]), map.position(swap.targets[1]));
        }
        plan.steps.push_back(std::move(steps[i]));
    }
    return plan;
}

} // namespace qzone::planning
