#include <runtime/gate.hpp>

#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include <runtime/errors.hpp>

namespace qzone::gates {
namespace {

using complex = std::complex<double>;
constexpr complex i_unit{0.0, 1.0};

Gate one_qubit(std::string name, unsigned qubit, std::vector<complex> matrix) {
    Gate gate;
    gate.name = std::move(name);
    gate.targets = {qubit};
    gate.matrix = std::move(matrix);
    return gate;
}

Gate one_qubit_diagonal(std::string name, unsigned qubit, complex d0, complex d1) {
    return diagonal({qubit}, {d0, d1}, std::move(name));
}

Gate named(Gate gate, std::string name) {
    gate.name = std::move(name);
    return gate;
}

} // namespace

Gate identity(unsigned q) { return one_qubit_diagonal("id", q, 1.0, 1.0); }
Gate x(unsigned q) { return one_qubit("x", q, {0.0, 1.0, 1.0, 0.0}); }
Gate y(unsigned q) { return one_qubit("y", q, {0.0, -i_unit, i_unit, 0.0}); }
Gate z(unsigned q) { return one_qubit_diagonal("z", q, 1.0, -1.0); }
Gate h(unsigned q) {
    const double r = 1.0 / std::sqrt(2.0);
    return one_qubit("h", q, {r, r, r, -r});
}
Gate s(unsigned q) { return one_qubit_diagonal("s", q, 1.0, i_unit); }
Gate sdg(unsigned q) { return one_qubit_diagonal("sdg", q, 1.0, -i_unit); }
Gate t(unsigned q) { return one_qubit_diagonal("t", q, 1.0, std::polar(1.0, M_PI / 4)); }
Gate tdg(unsigned q) { return one_qubit_diagonal("tdg", q, 1.0, std::polar(1.0, -M_PI / 4)); }
Gate sx(unsigned q) {
    const complex a{0.5, 0.5}, b{0.5, -0.5};
    return one_qubit("sx", q, {a, b, b, a});
}
Gate sxdg(unsigned q) {
    const complex a{0.5, -0.5}, b{0.5, 0.5};
    return one_qubit("sxdg", q, {a, b, b, a});
}
Gate rx(unsigned q, double theta) {
    const double c = std::cos(theta / 2), s = std::sin(theta / 2);
    return one_qubit("rx", q, {c, -i_unit * s, -i_unit * s, c});
}
Gate ry(unsigned q, double theta) {
    const double c = std::cos(theta / 2), s = std::sin(theta / 2);
    return one_qubit("ry", q, {c, -s, s, c});
}
Gate rz(unsigned q, double theta) {
    return one_qubit_diagonal("rz", q, std::polar(1.0, -theta / 2), std::polar(1.0, theta / 2));
}
Gate phase(unsigned q, double lambda) { return one_qubit_diagonal("p", q, 1.0, std::polar(1.0, lambda)); }
Gate u(unsigned q, double theta, double phi, double lambda) {
    const double c = std::cos(theta / 2), s = std::sin(theta / 2);
    return one_qubit("u", q,
                     {c, -std::polar(1.0, lambda) * s, std::polar(1.0, phi) * s, std::polar(1.0, phi + lambda) * c});
}
Gate cx(unsigned control, unsigned target) { return named(controlled(x(target), {control}), "cx"); }
Gate cz(unsigned control, unsigned target) { return named(controlled(z(target), {control}), "cz"); }
Gate cphase(unsigned control, unsigned target, double lambda) {
    return named(controlled(phase(target, lambda), {control}), "cp");
}
Gate swap(unsigned a, unsigned b) {
    Gate gate;
    gate.kind = GateKind::swap;
    gate.name = "swap";
    gate.targets = {a, b};
    return gate;
}
Gate mcx(std::vector<unsigned> controls, unsigned target) {
    return named(controlled(x(target), std::move(controls)), "mcx");
}

Gate unitary(std::vector<unsigned> targets, std::vector<complex> matrix, std::string name) {
    Gate gate;
    gate.name = std::move(name);
    gate.targets = std::move(targets);
    gate.matrix = std::move(matrix);
    return gate;
}

Gate diagonal(std::vector<unsigned> qubits, std::vector<complex> entries, std::string name) {
    Gate gate;
    gate.kind = GateKind::diagonal;
    gate.name = std::move(name);
    gate.targets = std::move(qubits);
    gate.matrix = std::move(entries);
    return gate;
}

Gate pauli_rotation(std::string paulis, std::vector<unsigned> qubits, double theta) {
    Gate gate;
    gate.kind = GateKind::pauli_rotation;
    gate.name = "pauli_rotation(" + paulis + ")";
    gate.targets = std::move(qubits);
    gate.paulis = std::move(paulis);
    gate.angle = theta;
    return gate;
}

Gate controlled(Gate gate, std::vector<unsigned> controls, std::vector<int> states) {
    if (states.empty()) states.assign(controls.size(), 1);
    gate.name = "c" + gate.name;
    gate.controls.insert(gate.controls.end(), controls.begin(), controls.end());
    gate.control_states.insert(gate.control_states.end(), states.begin(), states.end());
    return gate;
}

namespace {

using Qubits = const std::vector<unsigned>&;
using Parameters = const std::vector<double>&;
using Maker = Gate (*)(Qubits, Parameters);

/// One name of the catalogue: its shape, its gate as Qiskit defines it, and
/// how qelib1.inc's definition relates to that one.
struct Entry {
    std::size_t qubits;
    std::size_t parameters;
    Maker qiskit;
    /// qelib1.inc: nullptr when its definition is Qiskit's matrix exactly;
    /// `expand` when qzone has no exact native form of it (the reader expands
    /// the definition: sx, ch, crx, rxx, ... differ by a global phase or are
    /// built from other gates); otherwise its own matrix.
    Maker qelib1;
};

Gate expand(Qubits, Parameters) { return {}; } // a marker, never called

const std::map<std::string, Entry, std::less<>>& catalogue() {
    static const std::map<std::string, Entry, std::less<>> entries = {
        {"id", {1, 0, [](Qubits q, Parameters) { return identity(q[0]); }, nullptr}},
        {"x", {1, 0, [](Qubits q, Parameters) { return x(q[0]); }, nullptr}},
        {"y", {1, 0, [](Qubits q, Parameters) { return y(q[0]); }, nullptr}},
        {"z", {1, 0, [](Qubits q, Parameters) { return z(q[0]); }, nullptr}},
        {"h", {1, 0, [](Qubits q, Parameters) { return h(q[0]); }, nullptr}},
        {"s", {1, 0, [](Qubits q, Parameters) { return s(q[0]); }, nullptr}},
        {"sdg", {1, 0, [](Qubits q, Parameters) { return sdg(q[0]); }, nullptr}},
        {"t", {1, 0, [](Qubits q, Parameters) { return t(q[0]); }, nullptr}},
        {"tdg", {1, 0, [](Qubits q, Parameters) { return tdg(q[0]); }, nullptr}},
        {"sx", {1, 0, [](Qubits q, Parameters) { return sx(q[0]); }, expand}},
        {"sxdg", {1, 0, [](Qubits q, Parameters) { return sxdg(q[0]); }, expand}},
        {"rx", {1, 1, [](Qubits q, Parameters p) { return rx(q[0], p[0]); }, nullptr}},
        {"ry", {1, 1, [](Qubits q, Parameters p) { return ry(q[0], p[0]); }, nullptr}},
        // qelib1.inc: rz is u1, diag(1, e^{i phi}), not exp(-i phi Z/2).
        {"rz", {1, 1, [](Qubits q, Parameters p) { return rz(q[0], p[0]); },
                [](Qubits q, Parameters p) { return named(phase(q[0], p[0]), "rz"); }}},
        {"p", {1, 1, [](Qubits q, Parameters p) { return phase(q[0], p[0]); }, nullptr}},
        {"u1", {1, 1, [](Qubits q, Parameters p) { return named(phase(q[0], p[0]), "u1"); }, nullptr}},
        {"u2", {1, 2, [](Qubits q, Parameters p) { return named(u(q[0], M_PI / 2, p[0], p[1]), "u2"); }, nullptr}},
        {"u", {1, 3, [](Qubits q, Parameters p) { return u(q[0], p[0], p[1], p[2]); }, nullptr}},
        {"u3", {1, 3, [](Qubits q, Parameters p) { return named(u(q[0], p[0], p[1], p[2]), "u3"); }, nullptr}},
        {"cx", {2, 0, [](Qubits q, Parameters) { return cx(q[0], q[1]); }, nullptr}},
        {"cy", {2, 0, [](Qubits q, Parameters) { return controlled(y(q[1]), {q[0]}); }, nullptr}},
        {"cz", {2, 0, [](Qubits q, Parameters) { return cz(q[0], q[1]); }, nullptr}},
        {"ch", {2, 0, [](Qubits q, Parameters) { return controlled(h(q[1]), {q[0]}); }, expand}},
        {"cp", {2, 1, [](Qubits q, Parameters p) { return cphase(q[0], q[1], p[0]); }, nullptr}},
        {"cu1", {2, 1, [](Qubits q, Parameters p) { return named(cphase(q[0], q[1], p[0]), "cu1"); }, nullptr}},
        {"crx", {2, 1, [](Qubits q, Parameters p) { return controlled(rx(q[1], p[0]), {q[0]}); }, expand}},
        {"cry", {2, 1, [](Qubits q, Parameters p) { return controlled(ry(q[1], p[0]), {q[0]}); }, nullptr}},
        {"crz", {2, 1, [](Qubits q, Parameters p) { return controlled(rz(q[1], p[0]), {q[0]}); }, nullptr}},
        {"cu", {2, 4,
                [](Qubits q, Parameters p) {
                    Gate target = u(q[1], p[0], p[1], p[2]);
                    for (complex& entry : target.matrix) entry *= std::polar(1.0, p[3]);
                    return named(controlled(std::move(target), {q[0]}), "cu");
                },
                expand}},
        {"swap", {2, 0, [](Qubits q, Parameters) { return swap(q[0], q[1]); }, nullptr}},
        {"ccx", {3, 0, [](Qubits q, Parameters) { return named(mcx({q[0], q[1]}, q[2]), "ccx"); }, nullptr}},
        {"cswap", {3, 0, [](Qubits q, Parameters) { return controlled(swap(q[1], q[2]), {q[0]}); }, nullptr}},
        {"rxx", {2, 1, [](Qubits q, Parameters p) { return named(pauli_rotation("XX", {q[0], q[1]}, p[0]), "rxx"); },
                 expand}},
        {"ryy", {2, 1, [](Qubits q, Parameters p) { return named(pauli_rotation("YY", {q[0], q[1]}, p[0]), "ryy"); },
                 expand}},
        // qelib1.inc: rzz is diag(1, e^{i theta}, e^{i theta}, 1), not exp(-i theta ZZ/2).
        {"rzz", {2, 1, [](Qubits q, Parameters p) { return named(pauli_rotation("ZZ", {q[0], q[1]}, p[0]), "rzz"); },
                 [](Qubits q, Parameters p) {
                     const complex e = std::polar(1.0, p[0]);
                     return diagonal({q[0], q[1]}, {1.0, e, e, 1.0}, "rzz");
                 }}},
    };
    return entries;
}

/// The entry of `name` after checking the counts. @throw qzone::InputError.
const Entry& entry_of(std::string_view name, std::size_t qubits, std::size_t parameters) {
    const auto found = catalogue().find(name);
    if (found == catalogue().end()) throw InputError("unknown gate '" + std::string(name) + "'");
    const Entry& entry = found->second;
    if (qubits != entry.qubits || parameters != entry.parameters)
        throw InputError("gate '" + std::string(name) + "' takes " + std::to_string(entry.qubits) +
                         " qubit(s) and " + std::to_string(entry.parameters) + " parameter(s), got " +
                         std::to_string(qubits) + " and " + std::to_string(parameters));
    return entry;
}

} // namespace

std::vector<std::string> catalogue_names() {
    std::vector<std::string> names;
    for (const auto& [name, entry] : catalogue()) names.push_back(name);
    return names;
}

Gate by_name(std::string_view name, const std::vector<unsigned>& qubits, const std::vector<double>& parameters) {
    return entry_of(name, qubits.size(), parameters.size()).qiskit(qubits, parameters);
}

std::optional<Gate> by_name(std::string_view name, const std::vector<unsigned>& qubits,
                            const std::vector<double>& parameters, GateConvention convention) {
    if (convention == GateConvention::qiskit) return by_name(name, qubits, parameters);
    if (catalogue().find(name) == catalogue().end()) return std::nullopt;
    if (convention == GateConvention::openqasm3) {
        Gate gate = by_name(name, qubits, parameters);
        if (name == "u3" || name == "u2") { // OpenQASM 2's U: e^{-i(theta+phi+lambda)/2} times OpenQASM 3's
            const double sum = name == "u3" ? parameters[0] + parameters[1] + parameters[2]
                                            : M_PI / 2 + parameters[0] + parameters[1];
            for (complex& entry : gate.matrix) entry *= std::polar(1.0, -sum / 2);
        }
        return gate;
    }
    const Entry& entry = entry_of(name, qubits.size(), parameters.size());
    if (entry.qelib1 == expand) return std::nullopt;
    return (entry.qelib1 ? entry.qelib1 : entry.qiskit)(qubits, parameters);
}

} // namespace qzone::gates
