"""Shared helpers of the Python tests. They run under mpirun on 1-3 ranks:
every rank runs every test, in the same order, so collective calls match;
`same_on_every_rank` checks that a value agrees across ranks."""

import numpy as np
import pytest

try:
    from mpi4py import MPI
except ImportError:  # the tests still run on one process
    MPI = None


def world_size() -> int:
    return MPI.COMM_WORLD.Get_size() if MPI else 1


def world_rank() -> int:
    return MPI.COMM_WORLD.Get_rank() if MPI else 0


def same_on_every_rank(value):
    """Asserts that `value` is the same on every rank; returns it."""
    if MPI is not None:
        values = MPI.COMM_WORLD.allgather(value)
        for other in values[1:]:
            if isinstance(value, np.ndarray):
                np.testing.assert_array_equal(other, value)
            else:
                assert other == value
    return value


def within_sigmas(counts, probabilities, shots, sigmas=5.0):
    """Each outcome's count within `sigmas` binomial standard deviations of
    shots * p (outcomes of probability 0 never drawn)."""
    for key in set(counts) | set(probabilities):
        p = probabilities.get(key, 0.0)
        n = counts.get(key, 0)
        if p < 1e-12:
            assert n == 0, f"{key}: drawn {n} times with probability {p}"
            continue
        sigma = np.sqrt(shots * p * (1 - p))
        assert abs(n - shots * p) <= sigmas * sigma + 1e-9, f"{key}: {n} of {shots}, expected {shots * p:.1f}"


def flip_on_measured_plus():
    """Measure |+> on qubit 0 and, if it read 1, flip qubit 1, then measure
    it: outcomes 00 and 11, half each (a dynamic circuit)."""
    from qiskit import QuantumCircuit

    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.measure(0, 0)
    with qc.if_test((qc.clbits[0], 1)):
        qc.x(1)
    qc.measure(1, 1)
    return qc


@pytest.fixture
def rank():
    return world_rank()
