"""qzone.run on OpenQASM text and files: counts, memory, listings,
expectation values, the kept state, errors; the same on every rank."""

import math
import os
import tempfile

import numpy as np
import pytest

import qzone
from conftest import MPI, same_on_every_rank, within_sigmas, world_rank, world_size

BELL = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0], q[1];
measure q -> c;
"""


def test_bell_counts_memory_and_listings():
    result = qzone.run(BELL, shots=4000, seed=7, memory=True, probabilities=True, amplitudes=True)
    same_on_every_rank(result.counts)
    same_on_every_rank(result.memory)
    assert set(result.counts) <= {"00", "11"}
    within_sigmas(result.counts, {"00": 0.5, "11": 0.5}, 4000)
    assert len(result.memory) == 4000
    assert {k: result.memory.count(k) for k in set(result.memory)} == result.counts
    if world_rank() == 0:
        np.testing.assert_allclose(result.probabilities, [0.5, 0, 0, 0.5], atol=1e-12)
        s = 1 / math.sqrt(2)
        np.testing.assert_allclose(result.amplitudes, [s, 0, 0, s], atol=1e-12)
    else:
        assert result.probabilities is None and result.amplitudes is None


def test_the_same_seed_gives_the_same_counts_and_none_draws_a_shared_one():
    a = qzone.run(BELL, shots=500, seed=3, memory=True)
    b = qzone.run(BELL, shots=500, seed=3, memory=True)
    assert a.memory == b.memory
    c = qzone.run(BELL, shots=500, memory=True)
    same_on_every_rank(c.seed)
    same_on_every_rank(c.memory)


def test_expectation_values_are_exact():
    # Ry(theta) on qubit 0, H on 1: <Z0> = cos(theta), <X1> = 1, <Z0 X1> = cos(theta).
    theta = 0.3
    source = f"""OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; ry({theta}) q[0]; h q[1];"""
    result = qzone.run(source, shots=0, observables=["Z0", "X1", "0.5*Z0 X1 - 2*Y0"])
    same_on_every_rank(result.expectation_values)
    expected = [math.cos(theta), 1.0, 0.5 * math.cos(theta)]
    np.testing.assert_allclose(result.expectation_values, expected, atol=1e-12)


def test_a_path_and_parameters_of_inputs():
    directory = tempfile.mkdtemp() if world_rank() == 0 else None
    if MPI is not None:
        directory = MPI.COMM_WORLD.bcast(directory)
    path = os.path.join(directory, "bell.qasm")
    if world_rank() == 0:
        with open(path, "w") as f:
            f.write(BELL)
    if MPI is not None:
        MPI.COMM_WORLD.Barrier()
    result = qzone.run(path, shots=100, seed=1)
    assert sum(result.counts.values()) == 100
    source = 'OPENQASM 2.0; include "qelib1.inc"; input float theta; qreg q[1]; rx(theta) q[0];'
    result = qzone.run(source, shots=0, observables=["Z0"], parameters={"theta": 1.1})
    assert abs(result.expectation_values[0] - math.cos(1.1)) < 1e-12


def test_openqasm3_text_from_qiskit():
    from qiskit import QuantumCircuit, qasm3
    from qiskit.circuit import Parameter
    from qiskit.circuit.library import QFTGate
    from qiskit.quantum_info import Statevector

    unitary = QuantumCircuit(4)
    unitary.x(1)
    unitary.append(QFTGate(4), range(4))
    result = qzone.run(qasm3.dumps(unitary), shots=0, probabilities=True)
    if world_rank() == 0:
        np.testing.assert_allclose(result.probabilities, Statevector(unitary).probabilities(), atol=1e-12)
    # A while loop that a break may end, which the converter refuses and the OpenQASM 3 reader reads:
    # each try breaks with s = sin^2(t/2), else ends with 1/2, so P(11) = s / (1 + s), P(00) = 1 / (1 + s).
    t = Parameter("t")
    loop = QuantumCircuit(2, 2)
    loop.h(0)
    loop.measure(0, 0)
    with loop.while_loop((loop.clbits[0], 1)):
        loop.rx(t, 1)
        loop.measure(1, 1)
        with loop.if_test((loop.clbits[1], 1)):
            loop.break_loop()
        loop.h(0)
        loop.measure(0, 0)
    with pytest.raises(qzone.UnsupportedInstructionError):
        qzone.run(loop, shots=1)
    # Qiskit exports the parameter t as t_0 (t is a gate of stdgates.inc).
    result = qzone.run(qasm3.dumps(loop), shots=4000, seed=5, parameters={"t_0": 0.9})
    same_on_every_rank(result.counts)
    s = math.sin(0.45) ** 2
    within_sigmas(result.counts, {"11": s / (1 + s), "00": 1 / (1 + s)}, 4000)


def test_the_kept_state_is_shared_with_numpy_without_a_copy():
    source = 'OPENQASM 2.0; include "qelib1.inc"; qreg q[5]; h q[0]; cx q[0], q[4]; ry(0.7) q[2];'
    result = qzone.run(source, shots=0, keep_state=True, amplitudes=True)
    state = result.state
    state.align()
    local = state.local_amplitudes()
    again = state.local_amplitudes()
    if local.size:  # a rank may hold no chunk of a small state
        assert np.shares_memory(local, again)  # both views of the state's memory
    assert abs(state.norm() - 1) < 1e-12
    assert abs(state.expectation("Z2") - math.cos(0.7)) < 1e-12
    everything = state.amplitudes_on_root()
    pieces = MPI.COMM_WORLD.gather((state.first_local_index, local.copy())) if MPI else [(0, local.copy())]
    if world_rank() == 0:
        np.testing.assert_allclose(everything, result.amplitudes, atol=1e-12)
        joined = np.zeros(32, dtype=complex)
        for first, part in pieces:
            joined[first:first + len(part)] = part
        np.testing.assert_allclose(joined, everything, atol=0)
    with pytest.raises(qzone.InputError, match="still view"):
        state.close()
    del local, again
    state.close()
    with pytest.raises(qzone.InputError, match="closed"):
        state.norm()


def test_single_precision_agrees_with_double():
    source = 'OPENQASM 2.0; include "qelib1.inc"; qreg q[3]; h q[0]; cx q[0], q[1]; rz(0.4) q[1]; h q[2];'
    double = qzone.run(source, shots=0, observables=["X2", "Z0 Z1"])
    single = qzone.run(source, shots=0, observables=["X2", "Z0 Z1"], precision="single")
    np.testing.assert_allclose(single.expectation_values, double.expectation_values, atol=1e-6)


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: qzone.run("OPENQASM 2.0; qreg q[1]; h q[0]"), qzone.QasmError),  # missing ';' and no qelib1
        (lambda: qzone.run(BELL, precision="quad"), qzone.InputError),
        (lambda: qzone.run(BELL, shots=-1), qzone.InputError),
        (lambda: qzone.run(BELL, shots=0, observables=["Z7"]), qzone.InputError),
        (lambda: qzone.run(BELL, shots=0, observables=["Q0"]), qzone.InputError),
        (lambda: qzone.run(BELL, probabilities=True, max_listed_qubits=1), qzone.InputError),
        (lambda: qzone.run("/nonexistent/circuit.qasm"), qzone.InputError),
        (lambda: qzone.run(42), qzone.InputError),
        (lambda: qzone.run("OPENQASM 2.0; qreg q[20];", max_memory=10**6), qzone.ResourceError),
    ],
)
def test_bad_requests_raise_the_same_error_on_every_rank(call, error):
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, qzone.Error)
    same_on_every_rank(str(caught.value))


def test_a_runtime_reports_its_ranks():
    runtime = qzone.world()
    assert runtime.size == world_size()
    assert runtime.rank == world_rank()
    runtime.agree(True, "fine")
    with pytest.raises(qzone.InputError):
        runtime.agree(runtime.rank != runtime.size - 1, "the last rank says no")
