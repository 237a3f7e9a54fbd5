"""SamplerV2 and EstimatorV2: Qiskit's V2 primitives on qzone.

Each PUB's circuit is converted once (``Program``) and its parameter sets run
as a sweep of bindings. The sampler returns a ``BitArray`` per classical
register; the estimator evaluates each observable exactly on the
distributed state (``precision`` 0, the default) or, as Qiskit's reference
estimator does, adds Gaussian noise of that standard deviation. Results are
the same on every rank: seeds are shared, and so are expectation values.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Optional

import numpy as np
import uuid

from qiskit.primitives import BasePrimitiveJob, PrimitiveResult
from qiskit.providers import JobStatus
from qiskit.primitives.base import BaseEstimatorV2, BaseSamplerV2
from qiskit.primitives.containers import BitArray, DataBin, PubResult, SamplerPubResult
from qiskit.primitives.containers.estimator_pub import EstimatorPub, EstimatorPubLike
from qiskit.primitives.containers.sampler_pub import SamplerPub, SamplerPubLike
from qiskit.quantum_info import SparsePauliOp

from .. import simulation
from ..errors import InputError
from ..runtime import Runtime, world
from .convert import MAX_WHILE_ITERATIONS, Program


class FinishedJob(BasePrimitiveJob):
    """A primitive job run at once in the calling thread: MPI is called by
    the thread that runs the script, and collectives keep the program's
    order on every rank. An error of the run is raised by ``result()``, as
    Qiskit's jobs do."""

    def __init__(self, work, *args) -> None:
        super().__init__(job_id=str(uuid.uuid4()))
        self._result = None
        self._error: Optional[BaseException] = None
        try:
            self._result = work(*args)
        except Exception as error:  # noqa: BLE001  (kept for result())
            self._error = error

    def result(self):
        if self._error is not None:
            raise self._error
        return self._result

    def status(self) -> JobStatus:
        return JobStatus.ERROR if self._error is not None else JobStatus.DONE

    def done(self) -> bool:
        return True

    def running(self) -> bool:
        return False

    def cancelled(self) -> bool:
        return False

    def in_final_state(self) -> bool:
        return True

    def cancel(self) -> None:
        return None


class _Settings:
    """What both primitives pass to every run."""

    def __init__(self, runtime: Optional[Runtime], seed: Optional[int], options: dict) -> None:
        unknown = set(options) - {"precision", "fusion", "fusion_max_qubits", "max_memory", "exchange_buffer",
                                  "share_node_memory", "max_while_iterations"}
        if unknown:
            raise InputError(f"unknown option(s): {', '.join(sorted(unknown))}")
        self._runtime = runtime
        self.seed = seed
        self.precision = options.get("precision", "double")
        self.max_while_iterations = options.get("max_while_iterations", MAX_WHILE_ITERATIONS)
        self.run_options = {k: v for k, v in options.items() if k not in ("precision", "max_while_iterations")}

    @property
    def runtime(self) -> Runtime:
        return self._runtime or world()

    def generator(self) -> np.random.Generator:
        """Random numbers that are the same on every rank."""
        seed = self.seed if self.seed is not None else self.runtime._core.common_random_seed()
        return np.random.default_rng(seed)

    def run(self, circuit: Any, **kwargs: Any) -> simulation.Result:
        return simulation.run(circuit, precision=self.precision, runtime=self.runtime, **self.run_options, **kwargs)


def _parameter_rows(program: Program, pub: Any) -> np.ndarray:
    """The PUB's parameter values, shape (*pub shape, number of parameters),
    in the order of program.parameters."""
    bindings = pub.parameter_values
    if not program.parameters:
        return np.zeros(bindings.shape + (0,))
    return bindings.as_array(program.parameters)


class SamplerV2(BaseSamplerV2):
    """Qiskit's SamplerV2 on qzone.

    Args:
        default_shots: shots of a PUB that names none.
        seed: the seed of all sampling (None: a fresh one, shared by the ranks).
        options: ``precision`` ("double" or "single"), ``fusion``,
            ``fusion_max_qubits``, ``max_memory``, ``exchange_buffer``,
            ``share_node_memory``, ``max_while_iterations``.
        runtime: a qzone.Runtime (default: every rank of MPI_COMM_WORLD).
    """

    def __init__(self, *, default_shots: int = 1024, seed: Optional[int] = None, options: Optional[dict] = None,
                 runtime: Optional[Runtime] = None) -> None:
        self._default_shots = default_shots
        self._settings = _Settings(runtime, seed, dict(options or {}))

    @property
    def default_shots(self) -> int:
        return self._default_shots

    @property
    def seed(self) -> Optional[int]:
        return self._settings.seed

    def run(self, pubs: Iterable[SamplerPubLike], *, shots: Optional[int] = None) -> BasePrimitiveJob:
        """Samples each PUB. Collective: every rank calls it with the same PUBs."""
        shots = self._default_shots if shots is None else shots
        coerced = [SamplerPub.coerce(pub, shots) for pub in pubs]
        return FinishedJob(self._run, coerced)

    def _run(self, pubs: List[SamplerPub]) -> PrimitiveResult:
        generator = self._settings.generator()
        return PrimitiveResult([self._run_pub(pub, generator) for pub in pubs], metadata={"version": 2})

    def _run_pub(self, pub: SamplerPub, generator: np.random.Generator) -> SamplerPubResult:
        circuit = pub.circuit
        program = Program(circuit, max_while_iterations=self._settings.max_while_iterations)
        rows = _parameter_rows(program, pub)
        registers = [(r.name, r.size) for r in circuit.cregs]
        arrays = {name: np.zeros(pub.shape + (pub.shots, (size + 7) // 8), dtype=np.uint8)
                  for name, size in registers}
        for index in np.ndindex(*pub.shape):
            outcome = self._settings.run(program.bind(rows[index]), shots=pub.shots,
                                         seed=int(generator.integers(2**63)), memory=True)
            # A memory key lists the registers last-declared first.
            parts = [key.split(" ") for key in outcome.memory]
            for position, (name, size) in enumerate(reversed(registers)):
                if size == 0:
                    continue
                values = [int(p[position], 2) for p in parts]
                nbytes = (size + 7) // 8
                packed = np.frombuffer(b"".join(v.to_bytes(nbytes, "big") for v in values), dtype=np.uint8)
                arrays[name][index] = packed.reshape(pub.shots, nbytes)
        data = DataBin(**{name: BitArray(arrays[name], size) for name, size in registers}, shape=pub.shape)
        return SamplerPubResult(data, metadata={"shots": pub.shots, "circuit_metadata": circuit.metadata})


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
        self._settings = _Settings(runtime, seed, dict(options or {}))

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
        rows = _parameter_rows(program, pub)
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


__all__ = ["SamplerV2", "EstimatorV2"]
