#pragma once
// Seeded random circuits that use every kind of gate the engine has, on
// random qubits (so every qubit position, local and global, comes up).

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/gate.hpp>

#include "dense_reference.hpp"

namespace qzone::testing {

/// `length` gates on `n` qubits (n >= 6). Dense gates with k >= 3 targets
/// carry no controls, so a layout with at least 5 local qubits can swap any
/// of their targets in.
inline std::vector<Gate> random_circuit(unsigned n, std::size_t length, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> angle(-M_PI, M_PI);
    const auto pick = [&](std::size_t count) {
        std::vector<unsigned> qubits(n);
        std::iota(qubits.begin(), qubits.end(), 0u);
        std::shuffle(qubits.begin(), qubits.end(), rng);
        qubits.resize(count);
        return qubits;
    };
    const auto random_states = [&](std::size_t count) {
        std::vector<int> states(count);
        for (int& s : states) s = static_cast<int>(rng() & 1);
        return states;
    };
    const auto random_phases = [&](std::size_t count) {
        std::vector<Complex> entries(count);
        for (Complex& e : entries) e = std::polar(1.0, angle(rng));
        return entries;
    };
    std::vector<Gate> circuit;
    while (circuit.size() < length) {
        switch (rng() % 13) {
        case 0: { // one-qubit unitary
            const auto q = pick(1);
            circuit.push_back(gates::unitary(q, random_unitary(2, rng), "u1q"));
            break;
        }
        case 1: { // one-qubit unitary with 1-3 controls in random states
            const auto q = pick(1 + 1 + rng() % 3);
            const std::vector<unsigned> controls(q.begin() + 1, q.end());
            circuit.push_back(gates::controlled(gates::unitary({q[0]}, random_unitary(2, rng), "u1q"), controls,
                                                random_states(controls.size())));
            break;
        }
        case 2: { // two-qubit unitary, sometimes controlled
            const auto q = pick(rng() % 2 ? 3 : 2);
            Gate gate = gates::unitary({q[0], q[1]}, random_unitary(4, rng), "u2q");
            if (q.size() == 3) gate = gates::controlled(gate, {q[2]}, random_states(1));
            circuit.push_back(gate);
            break;
        }
        case 3: case 4: { // dense 3..5 qubits
            const std::size_t k = 3 + rng() % 3;
            circuit.push_back(gates::unitary(pick(k), random_unitary(std::size_t{1} << k, rng), "dense"));
            break;
        }
        case 5: { // diagonal on 1-3 qubits
            const std::size_t k = 1 + rng() % 3;
            circuit.push_back(gates::diagonal(pick(k), random_phases(std::size_t{1} << k)));
            break;
        }
        case 6: { // controlled diagonal
            const auto q = pick(3);
            circuit.push_back(gates::controlled(gates::diagonal({q[0], q[1]}, random_phases(4)), {q[2]},
                                                random_states(1)));
            break;
        }
        case 7: { // swap, sometimes controlled
            const auto q = pick(rng() % 2 ? 3 : 2);
            Gate gate = gates::swap(q[0], q[1]);
            if (q.size() == 3) gate = gates::controlled(gate, {q[2]}, random_states(1));
            circuit.push_back(gate);
            break;
        }
        case 8: { // multi-controlled X
            const auto q = pick(2 + rng() % 3);
            circuit.push_back(gates::mcx(std::vector<unsigned>(q.begin() + 1, q.end()), q[0]));
            break;
        }
        case 9: { // Pauli rotation on 1-4 qubits
            const std::size_t k = 1 + rng() % 4;
            std::string letters;
            for (std::size_t j = 0; j < k; ++j) letters.push_back("IXYZ"[rng() % 4]);
            circuit.push_back(gates::pauli_rotation(letters, pick(k), angle(rng)));
            break;
        }
        case 10: { // controlled Pauli rotation
            const auto q = pick(3);
            circuit.push_back(gates::controlled(gates::pauli_rotation("XY", {q[0], q[1]}, angle(rng)), {q[2]}));
            break;
        }
        case 11: { // standard gates by name
            static const char* one[] = {"h", "x", "y", "z", "s", "sdg", "t", "tdg", "sx", "sxdg"};
            circuit.push_back(gates::by_name(one[rng() % 10], pick(1)));
            break;
        }
        default: { // parametrised standard gates by name
            const auto q = pick(3);
            switch (rng() % 6) {
            case 0: circuit.push_back(gates::by_name("u", {q[0]}, {angle(rng), angle(rng), angle(rng)})); break;
            case 1: circuit.push_back(gates::by_name("crx", {q[0], q[1]}, {angle(rng)})); break;
            case 2: circuit.push_back(gates::by_name("cp", {q[0], q[1]}, {angle(rng)})); break;
            case 3: circuit.push_back(gates::by_name("rzz", {q[0], q[1]}, {angle(rng)})); break;
            case 4: circuit.push_back(gates::by_name("cswap", q)); break;
            default: circuit.push_back(gates::by_name("ccx", q)); break;
            }
        }
        }
    }
    return circuit;
}

/// A circuit of `n` qubits applying `gates` in order, one operation each.
inline Circuit as_circuit(unsigned n, const std::vector<Gate>& gates) {
    Circuit circuit;
    circuit.qubits = n;
    for (const Gate& gate : gates) {
        Operation op;
        op.gate = gate;
        op.qubits = gate.targets;
        op.qubits.insert(op.qubits.end(), gate.controls.begin(), gate.controls.end());
        circuit.operations.push_back(op);
    }
    return circuit;
}

} // namespace qzone::testing
