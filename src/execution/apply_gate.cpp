// The gate-by-gate entry point: translates a gate's qubits through the
// state's qubit map, turns swaps into relabels, and brings targets that lie
// between chunks inside them, where they stay (no swap back).

#include <runtime/apply_gate.hpp>
#include <runtime/errors.hpp>

#include <algorithm>
#include <string>

#include "../planning/gate_matrix.hpp"
#include "apply_at_positions.hpp"
#include "remap.hpp"

namespace qzone {

void apply_gate(DistributedState& state, const Gate& gate) {
    gate.validate(state.qubits());
    if (gate.kind == GateKind::swap && gate.controls.empty()) {
        QubitMap map = state.qubit_map();
        map.swap_positions(map.position(gate.targets[0]), map.position(gate.targets[1]));
        state.relabel(std::move(map));
        return;
    }
    execution::bring_into_chunks(state, planning::qubits_needed_in_chunks(gate), "gate '" + gate.name + "'");
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
        throw InputError("align_qubit_map: a map of " + std::to_string(map.qubits()) +
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
