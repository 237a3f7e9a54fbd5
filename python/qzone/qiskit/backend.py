"""QzoneSimulator: qzone as a Qiskit BackendV2.

``transpile(circuit, QzoneSimulator())`` keeps the gates qzone runs natively
(its Target); ``run(circuits)`` runs each circuit on every rank of the
backend's Runtime and returns a job whose ``result()`` is a Qiskit
``Result`` with counts (and memory when asked) per circuit, the same on
every rank.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, List, Optional

from qiskit.circuit import Measure, Reset, Barrier, Delay
from qiskit.circuit.controlflow import ForLoopOp, IfElseOp, WhileLoopOp
from qiskit.circuit.library import UnitaryGate, get_standard_gate_name_mapping
from qiskit.providers import BackendV2, JobStatus, Options
from qiskit.providers.job import JobV1
from qiskit.result import Result
from qiskit.transpiler import Target

from .. import __version__
from ..errors import InputError
from ..runtime import Runtime, world
from .convert import Program, MAX_WHILE_ITERATIONS
from .run_settings import ENGINE_OPTIONS, RunSettings

#: Standard gates qzone runs as they are: its catalogue, and every other
#: standard gate of up to three qubits through its matrix.
NATIVE_GATES = sorted(
    "ccx ccz ch cp crx cry crz cs csdg cswap csx cu cu1 cu3 cx cy cz dcx ecr global_phase h id iswap p r rccx "
    "rx rxx ry ryy rz rzx rzz s sdg swap sx sxdg t tdg u u1 u2 u3 x xx_minus_yy xx_plus_yy y z".split()
)


def build_target() -> Target:
    """The instructions qzone runs without decomposition, on any qubits."""
    target = Target(description="qzone", num_qubits=None)
    mapping = get_standard_gate_name_mapping()
    for name in NATIVE_GATES:
        target.add_instruction(mapping[name], properties=None, name=name)
    target.add_instruction(UnitaryGate, name="unitary")
    target.add_instruction(Measure(), properties=None, name="measure")
    target.add_instruction(Reset(), properties=None, name="reset")
    target.add_instruction(Delay(1), properties=None, name="delay")
    target.add_instruction(Barrier, name="barrier")
    target.add_instruction(IfElseOp, name="if_else")
    target.add_instruction(WhileLoopOp, name="while_loop")
    target.add_instruction(ForLoopOp, name="for_loop")
    try:
        from qiskit.circuit.controlflow import BoxOp

        target.add_instruction(BoxOp, name="box")
    except ImportError:  # Qiskit before 2.0
        pass
    return target


class QzoneJob(JobV1):
    """A finished job: qzone runs synchronously, on every rank together."""

    _async = False

    def __init__(self, backend: "QzoneSimulator", job_id: str, result: Result) -> None:
        super().__init__(backend, job_id)
        self._result = result

    def submit(self) -> None:
        return

    def result(self, timeout: Optional[float] = None) -> Result:
        return self._result

    def status(self) -> JobStatus:
        return JobStatus.DONE


def _hex_of(key: str, registers: List[tuple]) -> str:
    """A qzone counts key (registers last-declared first, separated by
    spaces) as Qiskit's hex memory value (bit i: classical bit i)."""
    value = 0
    for (name, offset, size), part in zip(reversed(registers), key.split(" ")):
        if size:
            value |= int(part, 2) << offset
    return hex(value)


class QzoneSimulator(BackendV2):
    """qzone's distributed state-vector simulator as a Qiskit backend.

    Options (``QzoneSimulator(shots=4000)``, ``set_options`` or ``run(..., shots=...)``):
    ``shots``, ``seed_simulator``, ``memory``, ``precision`` ("double" or
    "single"), ``fusion``, ``fusion_max_qubits``, ``max_memory`` (bytes per
    rank), ``exchange_buffer`` (bytes), ``share_node_memory``,
    ``max_while_iterations``. ``runtime``: a qzone.Runtime (default: every
    rank of MPI_COMM_WORLD).
    """

    def __init__(self, runtime: Optional[Runtime] = None, **options: Any) -> None:
        super().__init__(name="qzone_simulator", description="qzone distributed state-vector simulator",
                         backend_version=__version__)
        self._runtime = runtime
        self._target = build_target()
        if options:
            self.set_options(**options)

    @classmethod
    def _default_options(cls) -> Options:
        return Options(
            shots=1024,
            seed_simulator=None,
            memory=False,
            precision="double",
            fusion=True,
            fusion_max_qubits=0,
            max_memory=None,
            exchange_buffer=None,
            share_node_memory=True,
            max_while_iterations=MAX_WHILE_ITERATIONS,
        )

    @property
    def target(self) -> Target:
        return self._target

    @property
    def max_circuits(self) -> None:
        return None

    @property
    def runtime(self) -> Runtime:
        return self._runtime or world()

    def run(self, run_input: Any, parameter_binds: Optional[List[dict]] = None, **options: Any) -> QzoneJob:
        """Runs one circuit or a list of them. Collective: every rank calls
        it with the same circuits. ``parameter_binds`` (as Aer takes it): one
        dict per circuit from each Parameter to a list of values; the circuit
        then runs once per value set, converted once. Raises qzone.Error
        (the same on every rank) for a circuit qzone cannot run."""
        circuits = run_input if isinstance(run_input, (list, tuple)) else [run_input]
        settings = dict(self.options.__dict__)
        for key, value in options.items():
            if key not in settings:
                raise InputError(f"QzoneSimulator.run: unknown option '{key}'")
            settings[key] = value
        if parameter_binds is not None and len(parameter_binds) != len(circuits):
            raise InputError(f"parameter_binds: {len(parameter_binds)} entries for {len(circuits)} circuits")
        engine = RunSettings(self._runtime, None, {key: settings[key] for key in ENGINE_OPTIONS})
        runtime = engine.runtime
        seed = settings["seed_simulator"]
        if seed is None:
            seed = runtime._core.common_random_seed() % 2**63
        start = time.perf_counter()
        experiments = []
        for i, circuit in enumerate(circuits):
            program = Program(circuit, max_while_iterations=engine.max_while_iterations)
            binds = parameter_binds[i] if parameter_binds is not None else {}
            sets = len(next(iter(binds.values()))) if binds else 1
            if any(len(values) != sets for values in binds.values()):
                raise InputError(f"parameter_binds[{i}]: value lists of different lengths")
            for k in range(sets):
                values = {parameter: values[k] for parameter, values in binds.items()}
                experiments.append(self._run_one(circuit, program, values, seed + len(experiments), settings, engine))
        job_id = f"qzone-{uuid.UUID(int=seed % 2**128)}"  # the same on every rank
        result = Result.from_dict({
            "backend_name": self.name,
            "backend_version": self.backend_version,
            "job_id": job_id,
            "success": True,
            "results": experiments,
            "status": "COMPLETED",
            "time_taken": time.perf_counter() - start,
        })
        return QzoneJob(self, job_id, result)

    def _run_one(self, circuit: Any, program: Program, values: dict, seed: int, settings: dict,
                 engine: RunSettings):
        start = time.perf_counter()
        outcome = engine.run(program.bind(values), shots=settings["shots"], seed=seed, memory=settings["memory"])
        registers = program.registers
        counts = {}
        for key, n in outcome.counts.items():
            hexed = _hex_of(key, registers) if registers else "0x0"
            counts[hexed] = counts.get(hexed, 0) + n
        data = {"counts": counts}
        if settings["memory"]:
            data["memory"] = [_hex_of(key, registers) if registers else "0x0" for key in outcome.memory]
        return {
            "shots": settings["shots"],
            "success": True,
            "status": "DONE",
            "seed_simulator": seed,
            "data": data,
            "header": {
                "name": circuit.name,
                "n_qubits": circuit.num_qubits,
                "qreg_sizes": [[r.name, r.size] for r in circuit.qregs],
                "creg_sizes": [[r.name, r.size] for r in circuit.cregs],
                "memory_slots": circuit.num_clbits,
                "global_phase": float(circuit.global_phase) if not circuit.parameters else 0.0,
                "metadata": circuit.metadata or {},
            },
            "time_taken": time.perf_counter() - start,
            "metadata": {
                "simulate_seconds": outcome.simulate_seconds,
                "sample_seconds": outcome.sample_seconds,
                "trajectories": outcome.trajectories,
                "fingerprint": outcome.fingerprint,
                "ranks": engine.runtime.size,
                "precision": settings["precision"],
            },
        }


__all__ = ["QzoneSimulator", "QzoneJob", "build_target", "NATIVE_GATES"]
