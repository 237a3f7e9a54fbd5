"""``qzone.run``: a circuit on the ranks of a Runtime, and what it returns."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ._loader import _core
from .errors import InputError
from .runtime import Runtime, world

#: The most qubits whose 2^n amplitudes or probabilities are listed (each
#: listing is gathered on rank 0); raise ``max_listed_qubits`` to go further.
MAX_LISTED_QUBITS = 24


class State:
    """A final state kept by ``run(..., keep_state=True)``, spread over the
    ranks as it was simulated. Collective methods must be called by every
    rank."""

    def __init__(self, core: Any) -> None:
        self._core = core

    @property
    def num_qubits(self) -> int:
        return self._core.qubits

    @property
    def precision(self) -> str:
        return self._core.precision

    @property
    def first_local_index(self) -> int:
        """The stored index of this rank's first amplitude."""
        return self._core.first_local_index

    @property
    def qubit_positions(self) -> List[int]:
        """Where each qubit lies in the stored index (``align()`` makes it the identity)."""
        return self._core.qubit_positions

    def local_amplitudes(self):
        """This rank's amplitudes as a NumPy array that shares the state's
        memory (no copy): stored indices ``first_local_index`` onwards.
        Call ``align()`` first for basis-state order."""
        return self._core.local_amplitudes()

    def align(self) -> None:
        """Moves the amplitudes so that qubit q lies at bit q. Collective."""
        self._core.align()

    def amplitudes_on_root(self):
        """All amplitudes in basis-state order on rank 0 (None elsewhere). Collective."""
        return self._core.amplitudes_on_root()

    def norm(self) -> float:
        """sqrt(<psi|psi>). Collective."""
        return self._core.norm()

    def expectation(self, observable: Any) -> float:
        """<psi|H|psi> for a Pauli sum: qzone text ('0.5*Z0Z1 + X2') or a
        Qiskit SparsePauliOp / Pauli. Collective."""
        return self._core.expectation(pauli_text(observable))

    def close(self) -> None:
        """Frees this rank's share (done for you at exit). Raises
        qzone.InputError while arrays from ``local_amplitudes()`` remain."""
        self._core.close()


@dataclass
class Result:
    """What ``qzone.run`` returns: the same on every rank, except the
    listings (``probabilities``, ``amplitudes``), which rank 0 holds.

    Counts keys follow Qiskit: each classical register's bits, highest first,
    registers separated by a space, the last declared register leftmost."""

    counts: Dict[str, int]
    memory: Optional[List[str]]
    probabilities: Any
    amplitudes: Any
    expectation_values: List[float]
    fingerprint: int
    simulate_seconds: float
    sample_seconds: float
    trajectories: bool
    shots: int
    seed: int
    notes: List[str] = field(default_factory=list)
    state: Optional[State] = None


def pauli_text(observable: Any) -> str:
    """An observable as qzone's Pauli-sum text: a str as it is; a Qiskit
    SparsePauliOp, Pauli or anything with ``to_list()`` term by term
    (coefficients must be real: the observable is Hermitian)."""
    if isinstance(observable, str):
        return observable
    if hasattr(observable, "to_label") and not hasattr(observable, "to_list"):  # a Qiskit Pauli
        from qiskit.quantum_info import SparsePauliOp

        observable = SparsePauliOp(observable)
    if hasattr(observable, "to_list"):
        observable = observable.to_list()
    else:
        raise InputError(
            f"observable of type {type(observable).__name__}: expected a Pauli-sum string or a Qiskit SparsePauliOp"
        )
    terms = []
    for label, coefficient in observable:
        coefficient = complex(coefficient)
        if abs(coefficient.imag) > 1e-12 * max(1.0, abs(coefficient.real)):
            raise InputError(f"observable term {coefficient}*{label}: the coefficient is not real")
        weight = coefficient.real
        if not math.isfinite(weight):
            raise InputError(f"observable term {label}: the coefficient {weight} is not finite")
        letters = " ".join(f"{p}{q}" for q, p in enumerate(reversed(label)) if p != "I") or "I"
        terms.append(f"{'-' if weight < 0 else '+'} {abs(weight)!r}*{letters}")
    return " ".join(terms) if terms else "0*I"


def _circuit_of(circuit: Any, runtime: Runtime, parameters: Optional[Mapping[str, float]]) -> Any:
    if isinstance(circuit, _core.Circuit):
        return circuit
    if isinstance(circuit, os.PathLike) or (isinstance(circuit, str) and "\n" not in circuit and ";" not in circuit):
        if parameters:
            with open(os.fspath(circuit), encoding="utf-8") as source:
                return _core.parse_qasm(source.read(), os.fspath(circuit), dict(parameters))
        return _core.read_qasm_file(runtime._core, os.fspath(circuit))
    if isinstance(circuit, str):
        return _core.parse_qasm(circuit, "<string>", dict(parameters or {}))
    if type(circuit).__name__ == "QuantumCircuit" or hasattr(circuit, "data") and hasattr(circuit, "num_qubits"):
        from .qiskit.convert import Program

        return Program(circuit).bind(parameters or {})
    raise InputError(
        f"circuit of type {type(circuit).__name__}: expected OpenQASM text, a path, or a Qiskit QuantumCircuit"
    )


def run(
    circuit: Any,
    *,
    shots: int = 1024,
    seed: Optional[int] = None,
    precision: str = "double",
    observables: Optional[Sequence[Any]] = None,
    probabilities: bool = False,
    amplitudes: bool = False,
    memory: bool = False,
    keep_state: bool = False,
    parameters: Optional[Mapping[Any, float]] = None,
    fusion: bool = True,
    fusion_max_qubits: int = 0,
    max_listed_qubits: int = MAX_LISTED_QUBITS,
    max_memory: Optional[int] = None,
    exchange_buffer: Optional[int] = None,
    share_node_memory: bool = True,
    runtime: Optional[Runtime] = None,
) -> Result:
    """Runs ``circuit`` on every rank of ``runtime`` (default: all of
    MPI_COMM_WORLD). Collective: every rank calls it with the same arguments.

    Args:
        circuit: OpenQASM 2 text, a path to a ``.qasm`` file, a Qiskit
            ``QuantumCircuit`` (converted instruction by instruction), or a
            converted ``qzone.qiskit.Program``'s circuit.
        shots: samples drawn (0: none).
        seed: the random seed (None: drawn on rank 0, shared by all).
        precision: "double" or "single" (half the memory, twice the speed
            where memory bound).
        observables: Pauli sums whose expectation values to compute exactly:
            qzone text ('0.5*Z0Z1 + X2') or Qiskit SparsePauliOp.
        probabilities, amplitudes: list all 2^n of the final state on rank 0
            (refused above ``max_listed_qubits``).
        memory: each shot's outcome, in shot order.
        keep_state: keep the final state (``Result.state``).
        parameters: values of the circuit's parameters (Qiskit Parameters or
            their names; OpenQASM ``input`` names).
        fusion, fusion_max_qubits: gate fusion and its widest block (0: the
            cost model's choice).
        max_memory: bytes one rank may use for its amplitudes and buffers.
        exchange_buffer: bytes of the buffer for exchanges between ranks.
        share_node_memory: combine chunks of ranks of one node in place.

    Raises:
        qzone.InputError: a bad circuit, option or observable (QasmError for
            malformed OpenQASM, UnsupportedInstructionError for a Qiskit
            instruction qzone cannot run).
        qzone.ResourceError: the state does not fit.
        qzone.Error: any other failure. Every rank raises the same error.
    """
    runtime = runtime or world()
    if seed is None:
        seed = runtime._core.common_random_seed()
    if not isinstance(shots, int) or shots < 0:
        raise InputError(f"shots: {shots!r}, expected a whole number from 0")
    if not isinstance(seed, int) or not 0 <= seed < 2**64:
        raise InputError(f"seed: {seed!r}, expected a whole number from 0 to 2^64 - 1")
    texts = [pauli_text(o) for o in (observables or [])]
    core_circuit = _circuit_of(circuit, runtime, parameters)
    raw = _core.run(
        runtime._core,
        core_circuit,
        shots=shots,
        seed=seed,
        precision=precision,
        probabilities=probabilities,
        amplitudes=amplitudes,
        memory=memory,
        observables=texts,
        keep_state=keep_state,
        fusion=fusion,
        fusion_max_qubits=fusion_max_qubits,
        max_listed_qubits=max_listed_qubits,
        max_memory_bytes=max_memory,
        exchange_buffer_bytes=exchange_buffer,
        share_node_memory=share_node_memory,
    )
    return Result(
        counts=dict(raw["counts"]),
        memory=list(raw["memory"]) if memory else None,
        probabilities=raw["probabilities"],
        amplitudes=raw["amplitudes"],
        expectation_values=[value for _, value in raw["expectations"]],
        fingerprint=raw["fingerprint"],
        simulate_seconds=raw["simulate_seconds"],
        sample_seconds=raw["sample_seconds"],
        trajectories=raw["trajectories"],
        shots=shots,
        seed=seed,
        notes=list(raw["notes"]),
        state=State(raw["state"]) if raw["state"] is not None else None,
    )


__all__ = ["run", "Result", "State", "pauli_text", "MAX_LISTED_QUBITS"]
