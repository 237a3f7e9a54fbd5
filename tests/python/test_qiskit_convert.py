"""QuantumCircuit to qzone: amplitudes against qiskit.quantum_info's
Statevector to 1e-9, global phase included, on any rank count."""

import math

import numpy as np
import pytest

qiskit = pytest.importorskip("qiskit")
from qiskit import QuantumCircuit  # noqa: E402
from qiskit.circuit import Parameter  # noqa: E402
from qiskit.circuit.library import (  # noqa: E402
    QFTGate,
    UnitaryGate,
    RZGate,
    XGate,
    XXMinusYYGate,
    XXPlusYYGate,
    HGate,
    efficient_su2,
)
from qiskit.quantum_info import Statevector, random_unitary, SparsePauliOp  # noqa: E402

import qzone  # noqa: E402
from qzone.qiskit import Program  # noqa: E402
from conftest import same_on_every_rank, world_rank  # noqa: E402


def amplitudes_of(circuit, **kwargs):
    result = qzone.run(circuit, shots=0, amplitudes=True, **kwargs)
    return result.amplitudes


def check_against_statevector(circuit, bound=None, atol=1e-9):
    reference = Statevector(circuit.assign_parameters(bound) if bound else circuit).data
    amplitudes = amplitudes_of(circuit, parameters=bound)
    if world_rank() == 0:
        np.testing.assert_allclose(amplitudes, reference, atol=atol)


def test_every_standard_gate_with_its_global_phase():
    rng = np.random.default_rng(11)
    qc = QuantumCircuit(4)
    for q in range(4):
        qc.h(q)
    angles = lambda k: [float(a) for a in rng.uniform(-math.pi, math.pi, k)]  # noqa: E731
    qc.x(0); qc.y(1); qc.z(2); qc.s(3); qc.sdg(0); qc.t(1); qc.tdg(2); qc.sx(3); qc.sxdg(0); qc.id(1)
    qc.rx(*angles(1), 0); qc.ry(*angles(1), 1); qc.rz(*angles(1), 2); qc.p(*angles(1), 3)
    qc.u(*angles(3), 0); qc.r(*angles(2), 1)
    qc.cx(0, 1); qc.cy(1, 2); qc.cz(2, 3); qc.ch(3, 0); qc.cp(*angles(1), 0, 2); qc.crx(*angles(1), 1, 3)
    qc.cry(*angles(1), 2, 0); qc.crz(*angles(1), 3, 1); qc.cs(0, 1); qc.csdg(1, 2); qc.csx(2, 3)
    qc.cu(*angles(4), 3, 0); qc.swap(0, 3); qc.iswap(1, 2); qc.dcx(0, 1); qc.ecr(2, 3)
    qc.rxx(*angles(1), 0, 1); qc.ryy(*angles(1), 1, 2); qc.rzz(*angles(1), 2, 3); qc.rzx(*angles(1), 3, 0)
    qc.append(XXPlusYYGate(*angles(2)), [0, 2]); qc.append(XXMinusYYGate(*angles(2)), [1, 3])
    qc.ccx(0, 1, 2); qc.ccz(1, 2, 3); qc.cswap(3, 0, 1); qc.rccx(0, 2, 3); qc.mcx([0, 1, 2], 3)
    qc.global_phase = 0.37
    check_against_statevector(qc)


def test_unitaries_controlled_gates_and_defined_gates():
    qc = QuantumCircuit(5)
    qc.h(range(5))
    qc.append(UnitaryGate(random_unitary(4, seed=3)), [3, 1])
    qc.append(UnitaryGate(random_unitary(8, seed=4)), [0, 4, 2])
    qc.append(RZGate(0.8).control(2, ctrl_state="01", annotated=False), [0, 1, 4])
    qc.append(RZGate(0.5).control(2, ctrl_state="10", annotated=True), [3, 1, 2])
    qc.append(XGate().control(3, ctrl_state=5), [4, 2, 0, 1])
    qc.append(HGate().control(1, ctrl_state=0), [2, 3])
    qc.append(UnitaryGate(random_unitary(2, seed=5)).control(2), [1, 2, 0])
    sub = QuantumCircuit(3, name="mine", global_phase=0.2)
    sub.h(0); sub.cx(0, 2); sub.ry(0.3, 1)
    qc.append(sub.to_gate(), [4, 0, 3])
    qc.append(sub.to_gate().inverse(), [1, 2, 3])
    qc.append(QFTGate(5), range(5))  # a gate too wide for one matrix: its definition
    check_against_statevector(qc)


def test_annotated_operations_with_inverse_power_and_controls():
    from qiskit.circuit import AnnotatedOperation
    from qiskit.circuit.annotated_operation import ControlModifier, InverseModifier, PowerModifier
    from qiskit.circuit.library import SXGate, U3Gate

    qc = QuantumCircuit(4)
    qc.h(range(4))
    qc.append(AnnotatedOperation(SXGate(), [InverseModifier(), ControlModifier(1)]), [2, 0])
    qc.append(AnnotatedOperation(U3Gate(0.3, 0.2, 0.1), [ControlModifier(1, ctrl_state=0), PowerModifier(3),
                                                        ControlModifier(1)]), [1, 3, 2])
    sub = QuantumCircuit(2)
    sub.ry(0.4, 0); sub.cx(0, 1)
    qc.append(AnnotatedOperation(sub.to_gate(), [ControlModifier(2, ctrl_state=2)]), [0, 1, 2, 3])
    check_against_statevector(qc)


def test_library_circuits_on_more_qubits():
    ansatz = efficient_su2(7, reps=2)
    values = {p: 0.1 * (i + 1) for i, p in enumerate(ansatz.parameters)}
    check_against_statevector(ansatz, values)


def test_parameters_bind_by_parameter_name_or_order():
    theta, phi = Parameter("theta"), Parameter("phi")
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.crz(theta, 0, 1)
    qc.cry(2 * theta + phi, 1, 0)
    qc.cp(phi, 0, 1)
    qc.rx(theta - phi, 1)
    qc.global_phase = theta
    check_against_statevector(qc, {theta: 0.4, phi: -1.3})
    program = Program(qc)
    by_name = amplitudes_of(program.bind({"theta": 0.4, "phi": -1.3}))
    by_order = amplitudes_of(program.bind([-1.3, 0.4]))  # parameters sort by name: phi, theta
    if world_rank() == 0:
        np.testing.assert_allclose(by_name, by_order, atol=0)
    with pytest.raises(qzone.InputError):
        program.bind({"theta": 0.4})
    with pytest.raises(qzone.InputError):
        program.bind({"theta": 0.4, "phi": 1, "psi": 2})


def test_for_loops_unroll_with_their_parameter():
    qc = QuantumCircuit(3)
    with qc.for_loop(range(3)) as i:
        qc.rx(0.2 * i + 0.1, 0)
        qc.cx(0, 1)
    qc.h(2)
    unrolled = QuantumCircuit(3)
    for i in range(3):
        unrolled.rx(0.2 * i + 0.1, 0)
        unrolled.cx(0, 1)
    unrolled.h(2)
    amplitudes = amplitudes_of(qc)
    if world_rank() == 0:
        np.testing.assert_allclose(amplitudes, Statevector(unrolled).data, atol=1e-9)


def test_an_unsupported_instruction_is_named_on_every_rank():
    from qiskit.circuit import Instruction

    qc = QuantumCircuit(2, 1)
    qc.h(0)
    qc.append(Instruction("opaque_thing", 1, 0, []), [1])
    with pytest.raises(qzone.UnsupportedInstructionError) as caught:
        qzone.run(qc, shots=10)
    assert "opaque_thing" in str(caught.value) and "instruction 1" in str(caught.value)
    same_on_every_rank(str(caught.value))
    switch = QuantumCircuit(1, 1)
    switch.measure(0, 0)
    with switch.switch(switch.clbits[0]) as case:
        with case(1):
            switch.x(0)
    with pytest.raises(qzone.UnsupportedInstructionError, match="switch_case"):
        qzone.run(switch, shots=10)


def test_estimator_style_observables_from_sparse_pauli_ops():
    qc = efficient_su2(4, reps=1)
    qc = qc.assign_parameters(np.linspace(0, 1, qc.num_parameters))
    observable = SparsePauliOp.from_list([("XXII", 0.5), ("IZZY", -1.25), ("IIII", 0.1), ("ZIIX", 2.0)])
    result = qzone.run(qc, shots=0, observables=[observable])
    expected = Statevector(qc).expectation_value(observable).real
    assert abs(same_on_every_rank(result.expectation_values[0]) - expected) < 1e-9
