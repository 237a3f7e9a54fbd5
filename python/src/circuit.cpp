// Circuit: what the Python side hands the engine. Qiskit circuits are
// converted in Python (qzone/qiskit/convert.py) into calls of these
// builders; OpenQASM text and files go through the C++ reader.

#include <complex>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/gate.hpp>
#include <runtime/qasm.hpp>

#include <nanobind/ndarray.h>
#include <nanobind/stl/complex.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "runtime_holder.hpp"

namespace qzone::python {
namespace {

/// Tests that must all hold: (first_bit, width, value, negated) each, run
/// only if those classical bits read value (or, negated, do not).
using Test = std::tuple<unsigned, unsigned, std::uint64_t, bool>;
using Condition = std::optional<std::vector<Test>>;
using Matrix = nb::ndarray<const std::complex<double>, nb::ndim<2>, nb::c_contig, nb::device::cpu>;
using Entries = nb::ndarray<const std::complex<double>, nb::ndim<1>, nb::c_contig, nb::device::cpu>;

ClassicalCondition test_of(const Test& test, const Circuit& circuit) {
    const auto [first, width, value, negated] = test;
    if (width == 0 || first + width > circuit.clbits || first + width < first)
        throw InputError("a condition on classical bits [" + std::to_string(first) + ", " +
                         std::to_string(first + width) + ") of a circuit with " + std::to_string(circuit.clbits));
    ClassicalCondition condition;
    condition.first_bit = first;
    condition.width = width;
    condition.value = value;
    condition.negated = negated;
    return condition;
}

std::optional<ClassicalCondition> condition_of(const Condition& tests, const Circuit& circuit) {
    if (!tests || tests->empty()) return std::nullopt;
    ClassicalCondition condition = test_of(tests->front(), circuit);
    for (std::size_t i = 1; i < tests->size(); ++i) condition.also.push_back(test_of((*tests)[i], circuit));
    return condition;
}

void check_qubits(const Circuit& circuit, const std::vector<unsigned>& qubits, const char* what) {
    for (unsigned q : qubits)
        if (q >= circuit.qubits)
            throw InputError(std::string(what) + " on qubit " + std::to_string(q) + " of a circuit with " +
                             std::to_string(circuit.qubits) + " qubits");
}

void add_gate(Circuit& circuit, Gate gate, const Condition& condition) {
    gate.validate(circuit.qubits);
    Operation op;
    op.gate = std::move(gate);
    op.qubits = op.gate.controls;
    op.qubits.insert(op.qubits.end(), op.gate.targets.begin(), op.gate.targets.end());
    op.condition = condition_of(condition, circuit);
    circuit.operations.push_back(std::move(op));
}

Gate with_controls(Gate gate, const std::vector<unsigned>& controls, const std::vector<int>& states) {
    if (controls.empty()) return gate;
    return gates::controlled(std::move(gate), controls, states);
}

void add_register(std::vector<Register>& registers, const std::string& name, unsigned offset, unsigned size,
                  unsigned bits, const char* what) {
    if (offset + size > bits || offset + size < offset)
        throw InputError(std::string(what) + " register '" + name + "' [" + std::to_string(offset) + ", " +
                         std::to_string(offset + size) + ") outside the circuit's " + std::to_string(bits));
    registers.push_back(Register{name, offset, size});
}

} // namespace

void bind_circuit(nb::module_& m) {
    nb::class_<Circuit>(m, "Circuit", "A circuit as the engine runs it")
        .def(
            "__init__",
            [](Circuit* self, unsigned qubits, unsigned clbits, const std::string& name) {
                new (self) Circuit();
                self->qubits = qubits;
                self->clbits = clbits;
                self->name = name;
            },
            nb::arg("qubits"), nb::arg("clbits") = 0, nb::arg("name") = "")
        .def_ro("qubits", &Circuit::qubits)
        .def_ro("clbits", &Circuit::clbits)
        .def_ro("name", &Circuit::name)
        .def_ro("warnings", &Circuit::warnings)
        .def("__len__", [](const Circuit& c) { return c.operations.size(); })
        .def(
            "add_classical_register",
            [](Circuit& c, const std::string& name, unsigned offset, unsigned size) {
                add_register(c.classical_registers, name, offset, size, c.clbits, "classical");
            },
            nb::arg("name"), nb::arg("offset"), nb::arg("size"),
            "Bits [offset, offset + size) form register `name`; counts keys list registers last-added first.")
        .def(
            "add_quantum_register",
            [](Circuit& c, const std::string& name, unsigned offset, unsigned size) {
                add_register(c.quantum_registers, name, offset, size, c.qubits, "quantum");
            },
            nb::arg("name"), nb::arg("offset"), nb::arg("size"))
        .def(
            "gate",
            [](Circuit& c, const std::string& name, const std::vector<unsigned>& qubits,
               const std::vector<double>& parameters, const std::vector<unsigned>& controls,
               const std::vector<int>& control_states, const Condition& condition) {
                add_gate(c, with_controls(gates::by_name(name, qubits, parameters), controls, control_states),
                         condition);
            },
            nb::arg("name"), nb::arg("qubits"), nb::arg("parameters") = std::vector<double>{},
            nb::arg("controls") = std::vector<unsigned>{}, nb::arg("control_states") = std::vector<int>{},
            nb::arg("condition") = nb::none(),
            "A gate of the catalogue by its Qiskit name (qubits: its own controls first, then targets), with "
            "extra `controls` in `control_states` (default 1).")
        .def(
            "unitary",
            [](Circuit& c, const std::vector<unsigned>& targets, const Matrix& matrix, const std::string& name,
               const std::vector<unsigned>& controls, const std::vector<int>& control_states,
               const Condition& condition) {
                std::vector<std::complex<double>> entries(matrix.data(), matrix.data() + matrix.size());
                add_gate(c, with_controls(gates::unitary(targets, std::move(entries), name), controls, control_states),
                         condition);
            },
            nb::arg("targets"), nb::arg("matrix"), nb::arg("name") = "unitary",
            nb::arg("controls") = std::vector<unsigned>{}, nb::arg("control_states") = std::vector<int>{},
            nb::arg("condition") = nb::none(),
            "A dense unitary on `targets` (matrix index bit j is targets[j], as Qiskit orders it).")
        .def(
            "diagonal",
            [](Circuit& c, const std::vector<unsigned>& qubits, const Entries& entries, const std::string& name,
               const Condition& condition) {
                add_gate(c, gates::diagonal(qubits, {entries.data(), entries.data() + entries.size()}, name),
                         condition);
            },
            nb::arg("qubits"), nb::arg("entries"), nb::arg("name") = "diagonal", nb::arg("condition") = nb::none())
        .def(
            "measure",
            [](Circuit& c, unsigned qubit, unsigned clbit, const Condition& condition) {
                check_qubits(c, {qubit}, "a measurement");
                if (clbit >= c.clbits)
                    throw InputError("a measurement into classical bit " + std::to_string(clbit) +
                                     " of a circuit with " + std::to_string(c.clbits));
                Operation op;
                op.kind = Operation::Kind::measure;
                op.qubits = {qubit};
                op.clbit = clbit;
                op.condition = condition_of(condition, c);
                c.operations.push_back(std::move(op));
            },
            nb::arg("qubit"), nb::arg("clbit"), nb::arg("condition") = nb::none())
        .def(
            "reset",
            [](Circuit& c, unsigned qubit, const Condition& condition) {
                check_qubits(c, {qubit}, "a reset");
                Operation op;
                op.kind = Operation::Kind::reset;
                op.qubits = {qubit};
                op.condition = condition_of(condition, c);
                c.operations.push_back(std::move(op));
            },
            nb::arg("qubit"), nb::arg("condition") = nb::none())
        .def(
            "barrier",
            [](Circuit& c, const std::vector<unsigned>& qubits) {
                check_qubits(c, qubits, "a barrier");
                Operation op;
                op.kind = Operation::Kind::barrier;
                op.qubits = qubits;
                c.operations.push_back(std::move(op));
            },
            nb::arg("qubits"));

    m.def("gate_names", &gates::catalogue_names, "The names of qzone's gate catalogue (Qiskit's matrices).");
    m.def(
        "parse_qasm",
        [](const std::string& source, const std::string& name, const std::map<std::string, double>& inputs) {
            return inputs.empty() ? parse_qasm(source, name) : parse_qasm(source, name, inputs);
        },
        nb::arg("source"), nb::arg("name") = "<input>", nb::arg("inputs") = std::map<std::string, double>{},
        "An OpenQASM 2 program (with qzone's `input` extension) as a Circuit. Raises QasmError.");
    m.def(
        "read_qasm_file",
        [](const RuntimeHolder& runtime, const std::string& path) {
            Circuit circuit;
            nb::gil_scoped_release unlocked;
            // A file some node cannot read fails on every rank together.
            runtime.view().on_every_rank([&] { circuit = parse_qasm_file(path); });
            return circuit;
        },
        nb::arg("runtime"), nb::arg("path"),
        "The OpenQASM 2 file at `path`, read by every rank; if any rank cannot, every rank raises the same error.");
}

} // namespace qzone::python
