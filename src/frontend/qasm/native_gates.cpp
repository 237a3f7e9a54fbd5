#include "native_gates.hpp"

#include <cmath>
#include <complex>
#include <functional>
#include <map>

namespace qzone::qasm {

std::optional<Gate> native_library_gate(const std::string& name, const std::vector<double>& p,
                                        const std::vector<unsigned>& q) {
    using Make = std::function<Gate(const std::vector<double>&, const std::vector<unsigned>&)>;
    using P = const std::vector<double>&;
    using Q = const std::vector<unsigned>&;
    // Only gates whose definition in qelib1.inc is exactly this matrix
    // (tests/unit/test_qasm_library.cpp compares them); note that qelib1's
    // rz is u1 and its rzz is diag(1, e^it, e^it, 1), not the symmetric forms.
    static const std::map<std::string, Make> natives = {
        {"u3", [](P a, Q b) { return gates::u(b[0], a[0], a[1], a[2]); }},
        {"u", [](P a, Q b) { return gates::u(b[0], a[0], a[1], a[2]); }},
        {"u2", [](P a, Q b) { return gates::u(b[0], M_PI / 2, a[0], a[1]); }},
        {"u1", [](P a, Q b) { return gates::phase(b[0], a[0]); }},
        {"p", [](P a, Q b) { return gates::phase(b[0], a[0]); }},
        {"rz", [](P a, Q b) { return gates::phase(b[0], a[0]); }},
        {"id", [](P, Q b) { return gates::identity(b[0]); }},
        {"x", [](P, Q b) { return gates::x(b[0]); }},
        {"y", [](P, Q b) { return gates::y(b[0]); }},
        {"z", [](P, Q b) { return gates::z(b[0]); }},
        {"h", [](P, Q b) { return gates::h(b[0]); }},
        {"s", [](P, Q b) { return gates::s(b[0]); }},
        {"sdg", [](P, Q b) { return gates::sdg(b[0]); }},
        {"t", [](P, Q b) { return gates::t(b[0]); }},
        {"tdg", [](P, Q b) { return gates::tdg(b[0]); }},
        {"rx", [](P a, Q b) { return gates::rx(b[0], a[0]); }},
        {"ry", [](P a, Q b) { return gates::ry(b[0], a[0]); }},
        {"cx", [](P, Q b) { return gates::cx(b[0], b[1]); }},
        {"cz", [](P, Q b) { return gates::cz(b[0], b[1]); }},
        {"cy", [](P, Q b) { return gates::controlled(gates::y(b[1]), {b[0]}); }},
        {"swap", [](P, Q b) { return gates::swap(b[0], b[1]); }},
        {"ccx", [](P, Q b) { return gates::mcx({b[0], b[1]}, b[2]); }},
        {"cswap", [](P, Q b) { return gates::controlled(gates::swap(b[1], b[2]), {b[0]}); }},
        {"cu1", [](P a, Q b) { return gates::cphase(b[0], b[1], a[0]); }},
        {"cp", [](P a, Q b) { return gates::cphase(b[0], b[1], a[0]); }},
        {"crz", [](P a, Q b) { return gates::controlled(gates::rz(b[1], a[0]), {b[0]}); }},
        {"cry", [](P a, Q b) { return gates::controlled(gates::ry(b[1], a[0]), {b[0]}); }},
        {"rzz", [](P a, Q b) {
             const std::complex<double> e = std::polar(1.0, a[0]);
             return gates::diagonal({b[0], b[1]}, {1.0, e, e, 1.0}, "rzz");
         }},
    };
    const auto native = natives.find(name);
    if (native == natives.end()) return std::nullopt;
    return native->second(p, q);
}

} // namespace qzone::qasm
