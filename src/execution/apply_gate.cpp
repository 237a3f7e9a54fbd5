// The gate-by-gate entry point: translates a gate's qubits through the
// state's qubit map, turns swaps into relabels, and brings targets that lie
// between chunks inside them, where they stay (no swap back).

#include <runtime/apply_gate.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "apply_at_positions.hpp"
#include "remap.hpp"

namespace qzone {
namespace {

/// The qubits of `gate` that a kernel needs inside chunks.
std::vector<unsigned> qubits_needed_in_chunks(const Gate& gate) {
    switch (gate.kind) {
    case GateKind::matrix: return gate.targets;
    case GateKind::pauli_rotation: {
        std::vector<unsigned> flipped;
        for (std::size_t j = 0; j < gate.targets.size(); ++j)
            if (gate.paulis[j] == 'X' || gate.paulis[j] == 'Y') flipped.push_back(gate.targets[j]);
        return flipped;
    }
    case GateKind::diagonal:
    case GateKind::swap: return {};
    }
    return {};
}

/// Moves the qubits `needed` inside chunks, in one exchange stage, evicting
/// qubits at the highest in-chunk positions that are not targets of `gate`
/// (controls may lie anywhere).
void bring_into_chunks(DistributedState& state, const Gate& gate, const std::vector<unsigned>& needed) {
    const QubitMap& map = state.qubit_map();
    const unsigned local = state.layout().local_qubits();
    std::vector<unsigned> outside;
    for (unsigned q : needed)
        if (map.position(q) >= local) outside.push_back(q);
    if (outside.empty()) return;
    const auto is_target = [&](unsigned position) {
        return std::find(gate.targets.begin(), gate.targets.end(), map.qubit_at(position)) != gate.targets.end();
    };
    std::vector<std::pair<unsigned, unsigned>> pairs;
    for (unsigned position = local; position-- > 0 && pairs.size() < outside.size();)
        if (!is_target(position)) pairs.emplace_back(map.position(outside[pairs.size()]), position);
    if (pairs.size() < outside.size())
        throw Error("gate '" + gate.name + "' needs " + std::to_string(needed.size()) +
                    " of its qubits inside chunks but the layout has only " + std::to_string(local) +
                    " in-chunk qubits; use a layout with fewer chunks");
    execution::exchange_positions(state, pairs);
}

} // namespace

void apply_gate(DistributedState& state, const Gate& gate) {
    gate.validate(state.qubits());
    if (gate.kind == GateKind::swap && gate.controls.empty()) {
        QubitMap map = state.qubit_map();
        map.swap_positions(map.position(gate.targets[0]), map.position(gate.targets[1]));
        state.relabel(std::move(map));
        return;
    }
    bring_into_chunks(state, gate, qubits_needed_in_chunks(gate));
    const QubitMap& map = state.qubit_map();
    Gate placed = gate;
    for (unsigned& q : placed.targets) q = map.position(q);
    for (unsigned& q : placed.controls) q = map.position(q);
    execution::apply_at_positions(state, placed);
}

void apply_gate(DistributedState& state, std::string_view name, const std::vector<unsigned>& qubits,
                const std::vector<double>& parameters) {
    apply_gate(state, gates::by_name(name, qubits, parameters));
}

void align_qubit_map(DistributedState& state, const QubitMap& map) {
    if (map.qubits() != state.qubits())
        throw std::invalid_argument("align_qubit_map: a map of " + std::to_string(map.qubits()) +
                                    " qubits for a state of " + std::to_string(state.qubits()));
    for (unsigned target = 0; target < map.qubits(); ++target) {
        const unsigned now = state.qubit_map().position(map.qubit_at(target));
        if (now == target) continue;
        execution::apply_at_positions(state, gates::swap(now, target));
        QubitMap moved = state.qubit_map();
        moved.swap_positions(now, target);
        state.relabel(std::move(moved));
    }
}

} // namespace qzone
