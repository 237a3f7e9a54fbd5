#include <runtime/gate.hpp>

#include <cmath>
#include <functional>
#include <map>

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

Gate by_name(std::string_view name, const std::vector<unsigned>& qubits, const std::vector<double>& parameters) {
    struct Entry {
        std::size_t qubits;
        std::size_t parameters;
        std::function<Gate(const std::vector<unsigned>&, const std::vector<double>&)> make;
    };
    using Q = const std::vector<unsigned>&;
    using P = const std::vector<double>&;
    static const std::map<std::string, Entry, std::less<>> library = {
        {"id", {1, 0, [](Q q, P) { return identity(q[0]); }}},
        {"x", {1, 0, [](Q q, P) { return x(q[0]); }}},
        {"y", {1, 0, [](Q q, P) { return y(q[0]); }}},
        {"z", {1, 0, [](Q q, P) { return z(q[0]); }}},
        {"h", {1, 0, [](Q q, P) { return h(q[0]); }}},
        {"s", {1, 0, [](Q q, P) { return s(q[0]); }}},
        {"sdg", {1, 0, [](Q q, P) { return sdg(q[0]); }}},
        {"t", {1, 0, [](Q q, P) { return t(q[0]); }}},
        {"tdg", {1, 0, [](Q q, P) { return tdg(q[0]); }}},
        {"sx", {1, 0, [](Q q, P) { return sx(q[0]); }}},
        {"sxdg", {1, 0, [](Q q, P) { return sxdg(q[0]); }}},
        {"rx", {1, 1, [](Q q, P p) { return rx(q[0], p[0]); }}},
        {"ry", {1, 1, [](Q q, P p) { return ry(q[0], p[0]); }}},
        {"rz", {1, 1, [](Q q, P p) { return rz(q[0], p[0]); }}},
        {"p", {1, 1, [](Q q, P p) { return phase(q[0], p[0]); }}},
        {"u1", {1, 1, [](Q q, P p) { return named(phase(q[0], p[0]), "u1"); }}},
        {"u2", {1, 2, [](Q q, P p) { return named(u(q[0], M_PI / 2, p[0], p[1]), "u2"); }}},
        {"u", {1, 3, [](Q q, P p) { return u(q[0], p[0], p[1], p[2]); }}},
        {"u3", {1, 3, [](Q q, P p) { return named(u(q[0], p[0], p[1], p[2]), "u3"); }}},
        {"cx", {2, 0, [](Q q, P) { return cx(q[0], q[1]); }}},
        {"cy", {2, 0, [](Q q, P) { return controlled(y(q[1]), {q[0]}); }}},
        {"cz", {2, 0, [](Q q, P) { return cz(q[0], q[1]); }}},
        {"ch", {2, 0, [](Q q, P) { return controlled(h(q[1]), {q[0]}); }}},
        {"cp", {2, 1, [](Q q, P p) { return cphase(q[0], q[1], p[0]); }}},
        {"cu1", {2, 1, [](Q q, P p) { return named(cphase(q[0], q[1], p[0]), "cu1"); }}},
        {"crx", {2, 1, [](Q q, P p) { return controlled(rx(q[1], p[0]), {q[0]}); }}},
        {"cry", {2, 1, [](Q q, P p) { return controlled(ry(q[1], p[0]), {q[0]}); }}},
        {"crz", {2, 1, [](Q q, P p) { return controlled(rz(q[1], p[0]), {q[0]}); }}},
        {"swap", {2, 0, [](Q q, P) { return swap(q[0], q[1]); }}},
        {"ccx", {3, 0, [](Q q, P) { return named(mcx({q[0], q[1]}, q[2]), "ccx"); }}},
        {"cswap", {3, 0, [](Q q, P) { return controlled(swap(q[1], q[2]), {q[0]}); }}},
        {"rxx", {2, 1, [](Q q, P p) { return named(pauli_rotation("XX", {q[0], q[1]}, p[0]), "rxx"); }}},
        {"ryy", {2, 1, [](Q q, P p) { return named(pauli_rotation("YY", {q[0], q[1]}, p[0]), "ryy"); }}},
        {"rzz", {2, 1, [](Q q, P p) { return named(pauli_rotation("ZZ", {q[0], q[1]}, p[0]), "rzz"); }}},
    };
    const auto entry = library.find(name);
    if (entry == library.end()) throw InputError("unknown gate '" + std::string(name) + "'");
    if (qubits.size() != entry->second.qubits || parameters.size() != entry->second.parameters)
        throw InputError("gate '" + std::string(name) + "' takes " + std::to_string(entry->second.qubits) +
                         " qubit(s) and " + std::to_string(entry->second.parameters) +
                         " parameter(s), got " + std::to_string(qubits.size()) + " and " +
                         std::to_string(parameters.size()));
    return entry->second.make(qubits, parameters);
}

} // namespace qzone::gates
