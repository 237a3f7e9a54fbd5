#include "locality_schedule.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace qzone::planning {
namespace {

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

/// How an operation acts on one of its qubits.
struct Role {
    unsigned qubit;
    bool diagonal; ///< commutes with every other diagonal action on the qubit
};

std::vector<Role> roles_of(const Operation& op) {
    std::vector<Role> roles;
    if (op.kind != Operation::Kind::gate) {
        for (unsigned q : op.qubits) roles.push_back({q, false});
        return roles;
    }
    const Gate& gate = op.gate;
    for (unsigned q : gate.controls) roles.push_back({q, true});
    for (std::size_t j = 0; j < gate.targets.size(); ++j) {
        const bool diagonal = gate.kind == GateKind::diagonal ||
                              (gate.kind == GateKind::pauli_rotation && (gate.paulis[j] == 'Z' || gate.paulis[j] == 'I'));
        roles.push_back({gate.targets[j], diagonal});
    }
    return roles;
}

/// Whether `op` makes its qubits busy: an action that needs them inside
/// chunks (a relabelling swap and a measurement do not).
bool occupies(const Operation& op) {
    if (op.kind != Operation::Kind::gate) return op.kind == Operation::Kind::reset;
    return !(op.gate.kind == GateKind::swap && op.gate.controls.empty());
}

/// Schedules operations [first, end) of `ops` onto `order`. `recent[q]`:
/// when qubit q was last scheduled (carried across windows).
void schedule_window(const std::vector<Operation>& ops, std::size_t first, std::size_t end, unsigned qubits,
                     std::vector<std::size_t>& recent, std::size_t& clock, std::vector<std::size_t>& order) {
    const std::size_t m = end - first;
    std::vector<std::vector<std::size_t>> preds(m);
    std::vector<std::size_t> last_full(qubits, none);
    std::vector<std::vector<std::size_t>> diagonal_since(qubits);
    std::vector<std::size_t> finishing(qubits, none); // the last op that needs the qubit inside chunks
    for (std::size_t i = 0; i < m; ++i) {
        const Operation& op = ops[first + i];
        for (const Role& role : roles_of(op)) {
            const unsigned q = role.qubit;
            if (last_full[q] != none) preds[i].push_back(last_full[q]);
            if (role.diagonal) {
                diagonal_since[q].push_back(i);
            } else {
                preds[i].insert(preds[i].end(), diagonal_since[q].begin(), diagonal_since[q].end());
                diagonal_since[q].clear();
                last_full[q] = i;
                if (occupies(op)) finishing[q] = i;
            }
        }
    }
    std::vector<bool> done(m, false);
    std::vector<std::size_t> stamp(m, none), stack, cone;
    std::size_t visit = 0;
    // The unscheduled operations `i` needs first, and `i`.
    const auto cone_of = [&](std::size_t i) {
        ++visit;
        cone.clear();
        stack.assign(1, i);
        while (!stack.empty()) {
            const std::size_t k = stack.back();
            stack.pop_back();
            if (done[k] || stamp[k] == visit) continue;
            stamp[k] = visit;
            cone.push_back(k);
            stack.insert(stack.end(), preds[k].begin(), preds[k].end());
        }
    };
    for (;;) {
        unsigned best = qubits;
        std::size_t best_size = none;
        for (unsigned q = 0; q < qubits; ++q) {
            if (finishing[q] == none || done[finishing[q]]) continue;
            cone_of(finishing[q]);
            const bool better = cone.size() < best_size ||
                                (cone.size() == best_size && recent[q] != none &&
                                 (recent[best] == none || recent[q] > recent[best]));
            if (better) {
                best = q;
                best_size = cone.size();
            }
        }
        if (best == qubits) break;
        cone_of(finishing[best]);
        std::sort(cone.begin(), cone.end());
        for (std::size_t k : cone) {
            done[k] = true;
            order.push_back(first + k);
            ++clock;
            for (const Role& role : roles_of(ops[first + k])) recent[role.qubit] = clock;
        }
    }
    for (std::size_t k = 0; k < m; ++k)
        if (!done[k]) order.push_back(first + k);
}

} // namespace

Circuit schedule_for_locality(const Circuit& circuit) {
    const std::size_t window = std::max<std::size_t>(1, schedule_window_per_qubit * circuit.qubits);
    std::vector<std::size_t> order, recent(circuit.qubits, none);
    order.reserve(circuit.operations.size());
    std::size_t clock = 0;
    for (std::size_t first = 0; first < circuit.operations.size(); first += window)
        schedule_window(circuit.operations, first, std::min(first + window, circuit.operations.size()), circuit.qubits,
                        recent, clock, order);
    Circuit scheduled = circuit;
    for (std::size_t i = 0; i < order.size(); ++i) scheduled.operations[i] = circuit.operations[order[i]];
    return scheduled;
}

} // namespace qzone::planning
