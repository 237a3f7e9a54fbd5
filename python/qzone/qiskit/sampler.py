"""SamplerV2: Qiskit's V2 sampler on qzone.

Each PUB's circuit is converted once (``Program``) and its parameter sets run
as a sweep of bindings; each classical register gets a ``BitArray``. Results
are the same on every rank: the seeds are shared.
"""

from __future__ import annotations

from typing import Iterable, List, Optional

import numpy as np
from qiskit.primitives import BasePrimitiveJob, PrimitiveResult
from qiskit.primitives.base import BaseSamplerV2
from qiskit.primitives.containers import BitArray, DataBin, SamplerPubResult
from qiskit.primitives.containers.sampler_pub import SamplerPub, SamplerPubLike

from ..runtime import Runtime
from .convert import Program
from .finished_job import FinishedJob
from .run_settings import RunSettings, parameter_rows


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
        self._settings = RunSettings(runtime, seed, dict(options or {}))

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
        rows = parameter_rows(program, pub)
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


__all__ = ["SamplerV2"]
