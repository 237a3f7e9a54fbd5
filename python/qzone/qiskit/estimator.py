"""EstimatorV2: Qiskit's V2 estimator on qzone.

Each observable is evaluated exactly on the distributed state, without
gathering it (``precision`` 0, the default), or, as Qiskit's reference
estimator does, with Gaussian noise of that standard deviation added. A
PUB's circuit is converted once; each of its parameter sets runs once, with
every observable it is broadcast against. The values are the same on every
rank.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Optional

import numpy as np
from qiskit.primitives import BasePrimitiveJob, PrimitiveResult
from qiskit.primitives.base import BaseEstimatorV2
from qiskit.primitives.containers import DataBin, PubResult
from qiskit.primitives.containers.estimator_pub import EstimatorPub, EstimatorPubLike
from qiskit.quantum_info import SparsePauliOp

from .. import simulation
from ..runtime import Runtime
from .convert import Program
from .finished_job import FinishedJob
from .run_settings import RunSettings, parameter_rows


class EstimatorV2(BaseEstimatorV2):
    """Qiskit's EstimatorV2 on qzone: exact expectation values of Pauli
    sums, evaluated on the distributed state without gathering it.

    Args:
        default_precision: the precision of a PUB that names none; 0 (the
            default) is exact, above 0 adds Gaussian noise of that standard
            deviation (as Qiskit's reference StatevectorEstimator does).
        seed: the seed of that noise (None: fresh, shared by the ranks).
        options, runtime: as SamplerV2.
    """

    def __init__(self, *, default_precision: float = 0.0, seed: Optional[int] = None,
                 options: Optional[dict] = None, runtime: Optional[Runtime] = None) -> None:
        self._default_precision = default_precision
        self._settings = RunSettings(runtime, seed, dict(options or {}))

    @property
    def default_precision(self) -> float:
        return self._default_precision

    @property
    def seed(self) -> Optional[int]:
        return self._settings.seed

    def run(self, pubs: Iterable[EstimatorPubLike], *, precision: Optional[float] = None) -> BasePrimitiveJob:
        """Estimates each PUB. Collective: every rank calls it with the same PUBs."""
        precision = self._default_precision if precision is None else precision
        coerced = [EstimatorPub.coerce(pub, precision) for pub in pubs]
        return FinishedJob(self._run, coerced)

    def _run(self, pubs: List[EstimatorPub]) -> PrimitiveResult:
        generator = self._settings.generator()
        return PrimitiveResult([self._run_pub(pub, generator) for pub in pubs], metadata={"version": 2})

    def _run_pub(self, pub: EstimatorPub, generator: np.random.Generator) -> PubResult:
        circuit = pub.circuit
        program = Program(circuit, max_while_iterations=self._settings.max_while_iterations)
        rows = parameter_rows(program, pub)
        parameter_shape = pub.parameter_values.shape
        observables = pub.observables
        shape = np.broadcast_shapes(parameter_shape, observables.shape)
        parameter_of = np.broadcast_to(np.arange(int(np.prod(parameter_shape))).reshape(parameter_shape), shape)
        observable_of = np.broadcast_to(np.arange(int(np.prod(observables.shape))).reshape(observables.shape), shape)
        flat_observables = observables.ravel() if observables.shape else [observables[()]]
        texts = [simulation.pauli_text(self._sparse_pauli_op(o)) for o in flat_observables]
        flat_rows = rows.reshape(int(np.prod(parameter_shape)), len(program.parameters))
        evs = np.zeros(shape, dtype=np.float64)
        for p in range(flat_rows.shape[0]):
            positions = np.argwhere(parameter_of == p) if shape else np.zeros((1, 0), dtype=int)
            if len(positions) == 0:
                continue
            wanted = sorted({int(observable_of[tuple(pos)]) for pos in positions})
            outcome = self._settings.run(program.bind(flat_rows[p]), shots=0, seed=0,
                                         observables=[texts[k] for k in wanted])
            value_of = dict(zip(wanted, outcome.expectation_values))
            for pos in positions:
                evs[tuple(pos)] = value_of[int(observable_of[tuple(pos)])]
        stds = np.zeros(shape, dtype=np.float64)
        if pub.precision != 0:
            evs = generator.normal(evs, pub.precision)
            stds = np.full(shape, pub.precision)
        data = DataBin(evs=evs, stds=stds, shape=shape)
        return PubResult(data, metadata={"target_precision": pub.precision,
                                         "circuit_metadata": circuit.metadata})

    @staticmethod
    def _sparse_pauli_op(observable: Any) -> SparsePauliOp:
        if isinstance(observable, SparsePauliOp):
            return observable
        items = list(observable.items()) if hasattr(observable, "items") else None
        if items is None:
            return SparsePauliOp(observable)
        if not items:
            return SparsePauliOp(["I"], [0.0])
        labels, coefficients = zip(*items)
        return SparsePauliOp(list(labels), list(coefficients))


__all__ = ["EstimatorV2"]
