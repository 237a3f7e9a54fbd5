"""SamplerV2 and EstimatorV2: PUB shapes and broadcasting as Qiskit
documents them; sampled counts within 5 sigma and expectation values to
1e-9 of qiskit.quantum_info, parameter arrays on controlled rotations
included; the same on every rank."""

import numpy as np
import pytest

qiskit = pytest.importorskip("qiskit")
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister  # noqa: E402
from qiskit.circuit import Parameter  # noqa: E402
from qiskit.circuit.library import efficient_su2  # noqa: E402
from qiskit.primitives import StatevectorEstimator  # noqa: E402
from qiskit.quantum_info import SparsePauliOp, Statevector  # noqa: E402

import qzone  # noqa: E402
from qzone.qiskit import EstimatorV2, SamplerV2  # noqa: E402
from conftest import flip_on_measured_plus, same_on_every_rank, within_sigmas  # noqa: E402


def controlled_rotations():
    theta = Parameter("theta")
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.crz(theta, 0, 1)
    qc.crx(theta, 0, 1)
    qc.cry(theta / 2, 0, 1)
    qc.cp(theta, 0, 1)
    qc.h(0)
    qc.measure_all()
    return qc, theta


def test_sampler_sweeps_a_parameter_array_on_controlled_rotations():
    qc, theta = controlled_rotations()
    values = np.array([[0.3], [1.7], [2.9]])
    result = SamplerV2(seed=11).run([(qc, values)], shots=4000).result()
    data = result[0].data
    assert data.meas.shape == (3,) and data.meas.num_shots == 4000 and data.meas.num_bits == 2
    for i, value in enumerate(values[:, 0]):
        counts = same_on_every_rank(data.meas[i].get_counts())
        exact = Statevector(qc.remove_final_measurements(inplace=False).assign_parameters([value]))
        within_sigmas(counts, exact.probabilities_dict(), 4000)


def test_sampler_shapes_registers_and_default_shots():
    a, b = Parameter("a"), Parameter("b")
    qc = QuantumCircuit(QuantumRegister(3), ClassicalRegister(1, "first"), ClassicalRegister(2, "rest"))
    qc.rx(a, 0); qc.ry(b, 1); qc.cx(1, 2)
    qc.measure(0, 0); qc.measure(1, 1); qc.measure(2, 2)
    values = np.random.default_rng(1).uniform(0, np.pi, size=(2, 3, 2))
    sampler = SamplerV2(default_shots=300, seed=2)
    result = sampler.run([(qc, values), (qc, [0.0, 0.0], 50)]).result()
    first, second = result[0].data, result[1].data
    assert first.first.shape == (2, 3) and first.rest.shape == (2, 3)
    assert first.first.num_bits == 1 and first.rest.num_bits == 2 and first.first.num_shots == 300
    assert second.rest.shape == () and second.rest.num_shots == 50
    assert second.first.get_counts() == {"0": 50} and second.rest.get_counts() == {"00": 50}
    for index in np.ndindex(2, 3):
        a_value, b_value = values[index]
        p1 = np.sin(a_value / 2) ** 2
        within_sigmas(first.first[index].get_counts(), {"1": p1, "0": 1 - p1}, 300)
        q1 = np.sin(b_value / 2) ** 2
        within_sigmas(first.rest[index].get_counts(), {"11": q1, "00": 1 - q1}, 300)
    same_on_every_rank(first.rest.array)
    # The same seed, the same samples; shots per run overrides the default.
    again = SamplerV2(seed=2, default_shots=300).run([(qc, values)]).result()[0].data
    np.testing.assert_array_equal(again.rest.array, first.rest.array)


def test_sampler_runs_dynamic_circuits():
    counts = SamplerV2(seed=3).run([flip_on_measured_plus()], shots=1000).result()[0].data.c.get_counts()
    within_sigmas(same_on_every_rank(counts), {"00": 0.5, "11": 0.5}, 1000)


def test_estimator_is_exact_and_broadcasts_like_the_reference():
    ansatz = efficient_su2(4, reps=1)
    rng = np.random.default_rng(5)
    values = rng.uniform(-np.pi, np.pi, size=(3, 1, ansatz.num_parameters))
    observables = [[SparsePauliOp.from_list([("ZZII", 1.0), ("IXXI", -0.5)]), SparsePauliOp("YIIZ"),
                    SparsePauliOp.from_list([("IIII", 0.25), ("XYZX", 1.5)]), "ZIII"]]
    ours = EstimatorV2().run([(ansatz, observables, values)]).result()[0]
    reference = StatevectorEstimator().run([(ansatz, observables, values)]).result()[0]
    assert ours.data.evs.shape == (3, 4) == reference.data.evs.shape
    np.testing.assert_allclose(same_on_every_rank(ours.data.evs), reference.data.evs, atol=1e-9)
    np.testing.assert_array_equal(ours.data.stds, np.zeros((3, 4)))
    # One observable, no parameters: a 0-d result.
    bell = QuantumCircuit(2)
    bell.h(0); bell.cx(0, 1)
    single = EstimatorV2().run([(bell, "ZZ")]).result()[0]
    assert single.data.evs.shape == () and abs(float(single.data.evs) - 1.0) < 1e-12


def test_estimator_parameter_arrays_on_controlled_rotations():
    qc, theta = controlled_rotations()
    qc.remove_final_measurements()
    values = np.linspace(0, 2 * np.pi, 7).reshape(7, 1)
    observable = SparsePauliOp.from_list([("ZI", 1.0), ("XX", 0.5), ("YZ", -0.25)])
    evs = EstimatorV2().run([(qc, observable, values)]).result()[0].data.evs
    expected = [Statevector(qc.assign_parameters(v)).expectation_value(observable).real for v in values]
    np.testing.assert_allclose(evs, expected, atol=1e-9)


def test_estimator_precision_adds_noise_of_that_size():
    bell = QuantumCircuit(2)
    bell.h(0); bell.cx(0, 1)
    result = EstimatorV2(seed=9).run([(bell, ["ZZ"] * 400)], precision=0.01).result()[0]
    evs = same_on_every_rank(result.data.evs)
    assert abs(evs.mean() - 1.0) < 5 * 0.01 / np.sqrt(400) and 0.007 < evs.std() < 0.013
    assert np.all(result.data.stds == 0.01)


def test_primitives_raise_clear_errors():
    with pytest.raises(qzone.InputError, match="unknown option"):
        SamplerV2(options={"nonsense": 1})
    from qiskit.circuit import Instruction

    qc = QuantumCircuit(2)
    qc.append(Instruction("opaque_thing", 1, 0, []), [0])
    job = EstimatorV2().run([(qc, "ZZ")])
    with pytest.raises(qzone.UnsupportedInstructionError, match="opaque_thing"):
        job.result()
