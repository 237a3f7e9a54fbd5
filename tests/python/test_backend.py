"""QzoneSimulator: a BackendV2 whose jobs give Qiskit Results with counts
(and memory) per circuit, for library, parametrised and dynamic circuits;
counts within 5 sigma of the exact distribution, the same on every rank."""


import numpy as np
import pytest

qiskit = pytest.importorskip("qiskit")
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister, transpile  # noqa: E402
from qiskit.circuit.library import QFTGate, efficient_su2  # noqa: E402
from qiskit.quantum_info import Statevector  # noqa: E402

import qzone  # noqa: E402
from qzone.qiskit import QzoneSimulator  # noqa: E402
from conftest import flip_on_measured_plus, same_on_every_rank, within_sigmas  # noqa: E402


def exact_counts_distribution(circuit):
    """Probabilities of the classical outcomes of a circuit whose
    measurements are all final, as Qiskit keys them."""
    unmeasured = circuit.remove_final_measurements(inplace=False)
    probabilities = Statevector(unmeasured).probabilities_dict()
    measured = [(circuit.find_bit(i.qubits[0]).index, circuit.find_bit(i.clbits[0]).index)
                for i in circuit.data if i.operation.name == "measure"]
    sizes = [r.size for r in circuit.cregs]
    distribution = {}
    for bits, p in probabilities.items():
        clbits = [0] * circuit.num_clbits
        for q, c in measured:
            clbits[c] = int(bits[-1 - q])
        parts, offset = [], 0
        for size in sizes:
            parts.append("".join(str(clbits[offset + j]) for j in reversed(range(size))))
            offset += size
        key = " ".join(reversed(parts))
        distribution[key] = distribution.get(key, 0) + p
    return distribution


def test_several_circuits_in_one_job_with_memory():
    backend = QzoneSimulator()
    bell = QuantumCircuit(2, 2, name="bell")
    bell.h(0); bell.cx(0, 1); bell.measure([0, 1], [0, 1])
    registers = QuantumCircuit(QuantumRegister(3), ClassicalRegister(1, "a"), ClassicalRegister(2, "b"), name="regs")
    registers.h(0); registers.ry(0.9, 1); registers.cx(1, 2)
    registers.measure(0, 0); registers.measure(1, 1); registers.measure(2, 2)
    qft = QuantumCircuit(5, 5, name="qft")
    qft.x([0, 2]); qft.append(QFTGate(5), range(5)); qft.measure(range(5), range(5))
    circuits = transpile([bell, registers, qft], backend)
    result = backend.run(circuits, shots=3000, seed_simulator=5, memory=True).result()
    assert result.success
    for circuit, original in zip(circuits, [bell, registers, qft]):
        counts = same_on_every_rank(dict(result.get_counts(circuit)))
        assert sum(counts.values()) == 3000
        within_sigmas(counts, exact_counts_distribution(original), 3000)
        memory = same_on_every_rank(result.get_memory(circuit))
        assert len(memory) == 3000 and {k: memory.count(k) for k in set(memory)} == counts
    assert all(" " in key for key in result.get_counts(1))  # registers a and b


def test_transpile_keeps_native_gates_and_options_apply():
    backend = QzoneSimulator(shots=200, precision="single")
    qc = QuantumCircuit(3, 3)
    qc.h(0); qc.ecr(0, 1); qc.ccz(0, 1, 2); qc.measure_all(add_bits=False)
    assert transpile(qc, backend).count_ops() == qc.count_ops()
    result = backend.run(qc).result()
    assert sum(result.get_counts().values()) == 200
    with pytest.raises(qzone.InputError):
        backend.run(qc, no_such_option=1)


def test_a_parametrised_circuit_needs_its_values():
    qc = efficient_su2(3, reps=1)
    qc.measure_all()
    backend = QzoneSimulator()
    with pytest.raises(qzone.InputError, match="no value"):
        backend.run(qc)
    bound = qc.assign_parameters(np.linspace(0.1, 1.2, qc.num_parameters))
    counts = backend.run(bound, shots=4000, seed_simulator=2).result().get_counts()
    within_sigmas(same_on_every_rank(dict(counts)), exact_counts_distribution(bound), 4000)
    # Aer's parameter_binds: one experiment per value set, in order.
    sets = [np.linspace(0.1, 1.2, qc.num_parameters), np.linspace(-1, 2, qc.num_parameters)]
    binds = [{p: [sets[0][j], sets[1][j]] for j, p in enumerate(qc.parameters)}]
    result = backend.run([qc], parameter_binds=binds, shots=4000, seed_simulator=3).result()
    assert len(result.results) == 2
    for k in range(2):
        expected = exact_counts_distribution(qc.assign_parameters(sets[k]))
        within_sigmas(same_on_every_rank(dict(result.get_counts(k))), expected, 4000)
    with pytest.raises(qzone.InputError, match="parameter_binds"):
        backend.run([qc, qc], parameter_binds=binds)


def test_dynamic_circuits_mid_circuit_measurement_if_test_reset_and_while():
    backend = QzoneSimulator()
    qc = flip_on_measured_plus()
    counts = same_on_every_rank(dict(backend.run(qc, shots=2000, seed_simulator=3).result().get_counts()))
    within_sigmas(counts, {"00": 0.5, "11": 0.5}, 2000)
    # if/else on one bit, then reset: qubit 1 ends |1> either way, qubit 0 is reset.
    qc = QuantumCircuit(2, 3)
    qc.h(0)
    qc.measure(0, 0)
    with qc.if_test((qc.clbits[0], 0)) as otherwise:
        qc.x(1)
    with otherwise:
        qc.x(1)
    qc.reset(0)
    qc.measure(0, 1)
    qc.measure(1, 2)
    counts = same_on_every_rank(dict(backend.run(qc, shots=2000, seed_simulator=4).result().get_counts()))
    within_sigmas(counts, {"100": 0.5, "101": 0.5}, 2000)
    # Repeat until success: measure |+> until it reads 1; the last read is always 1.
    qc = QuantumCircuit(1, 1)
    qc.h(0)
    qc.measure(0, 0)
    with qc.while_loop((qc.clbits[0], 0)):
        qc.reset(0)
        qc.h(0)
        qc.measure(0, 0)
    counts = same_on_every_rank(dict(backend.run(qc, shots=500, seed_simulator=5).result().get_counts()))
    assert counts == {"1": 500}
    # A condition on a register of two bits.
    qc = QuantumCircuit(QuantumRegister(3), ClassicalRegister(2, "m"), ClassicalRegister(1, "out"))
    qc.h([0, 1])
    qc.measure(0, 0)
    qc.measure(1, 1)
    with qc.if_test((qc.cregs[0], 3)):
        qc.x(2)
    qc.measure(2, 2)
    counts = same_on_every_rank(dict(backend.run(qc, shots=4000, seed_simulator=6).result().get_counts()))
    within_sigmas(counts, {"0 00": 0.25, "0 01": 0.25, "0 10": 0.25, "1 11": 0.25}, 4000)
    # else on a register, and an if nested in an if: qubit 2 flips unless m
    # reads 3; qubit 3 flips only where m[0] is 1 and m[1] is 0.
    qc = QuantumCircuit(QuantumRegister(4), ClassicalRegister(2, "m"), ClassicalRegister(2, "out"))
    qc.h([0, 1])
    qc.measure(0, 0)
    qc.measure(1, 1)
    with qc.if_test((qc.cregs[0], 3)) as otherwise:
        qc.id(2)
    with otherwise:
        qc.x(2)
    with qc.if_test((qc.clbits[0], 1)):
        with qc.if_test((qc.clbits[1], 0)):
            qc.x(3)
    qc.measure(2, 2)
    qc.measure(3, 3)
    counts = same_on_every_rank(dict(backend.run(qc, shots=4000, seed_simulator=7).result().get_counts()))
    within_sigmas(counts, {"01 00": 0.25, "11 01": 0.25, "01 10": 0.25, "00 11": 0.25}, 4000)
