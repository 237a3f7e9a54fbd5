"""A Qiskit QuantumCircuit converted into qzone's engine circuit.

``Program(circuit)`` walks the circuit once: standard gates become gates of
qzone's catalogue (same names, same matrices, global phase included),
``UnitaryGate`` and other gates with a matrix become dense unitaries,
controlled gates keep their controls and control states, gates without a
matrix are expanded from their definitions, ``if_test`` bodies become
classically conditioned operations, ``for_loop`` is unrolled, ``while_loop``
is unrolled into ``max_while_iterations`` conditioned copies of its body,
``box`` is inlined. ``Program.bind(values)`` then gives the engine circuit
for one set of parameter values without walking the Qiskit circuit again,
so a sweep converts once. Anything else raises UnsupportedInstructionError
naming the instruction.
"""

from __future__ import annotations

import cmath
import math
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from .._loader import _core
from ..errors import InputError, UnsupportedInstructionError

#: Gates of qzone's catalogue, by their Qiskit names (the same matrices).
CATALOGUE = frozenset(_core.gate_names())
#: Instructions that do nothing to the state.
IGNORED = frozenset({"delay"})
#: The widest dense unitary the engine applies (qzone::max_dense_targets).
MAX_DENSE_QUBITS = 6
#: Copies of a while_loop's body when none is given.
MAX_WHILE_ITERATIONS = 64

# Tests that must all hold: (first clbit, width, value, negated) each.
Condition = Optional[Tuple[Tuple[int, int, int, bool], ...]]


def _is_parametric(value: Any) -> bool:
    return hasattr(value, "parameters") and bool(getattr(value, "parameters"))


def _real(value: Any, where: str) -> float:
    number = complex(value)
    if abs(number.imag) > 1e-12:
        raise InputError(f"{where}: parameter value {number} is not real")
    return number.real


class _Op:
    """One engine operation, with parameters still to be bound."""

    __slots__ = ("kind", "name", "qubits", "params", "controls", "states", "condition", "matrix_of", "parametric",
                 "clbit")

    def __init__(self, kind, name="", qubits=(), params=(), controls=(), states=(), condition=None, matrix_of=None,
                 clbit=None):
        self.kind = kind
        self.clbit = clbit  # a measurement's classical bit
        self.name = name
        self.qubits = list(qubits)
        self.params = list(params)
        self.controls = list(controls)
        self.states = list(states)
        self.condition = condition
        self.matrix_of = matrix_of  # for gates outside the catalogue: params -> matrix
        self.parametric = False
        if kind in ("gate", "unitary", "phase"):
            self.parametric = any(_is_parametric(p) for p in self.params)
            if not self.parametric:
                self.params = [p if type(p) is float else _real(p, name or kind) for p in self.params]


class Program:
    """A QuantumCircuit converted once; ``bind`` makes its engine circuit.

    Raises:
        qzone.UnsupportedInstructionError: for an instruction qzone cannot
            run, naming it and where it is.
        qzone.InputError: for registers qzone cannot key counts by.
    """

    def __init__(self, circuit: Any, max_while_iterations: int = MAX_WHILE_ITERATIONS) -> None:
        self.name = getattr(circuit, "name", "") or ""
        self.num_qubits = circuit.num_qubits
        self.num_clbits = circuit.num_clbits
        self.parameters = list(circuit.parameters)
        self.max_while_iterations = max_while_iterations
        self._qubit_index = {bit: i for i, bit in enumerate(circuit.qubits)}
        self._clbit_index = {bit: i for i, bit in enumerate(circuit.clbits)}
        self.registers = self._registers(circuit)
        self._ops: List[_Op] = []
        self._phases: List[Any] = []  # unconditioned global phases, summed when bound
        self._convert(circuit, self._qubit_index, self._clbit_index, None, "")

    # -- registers -----------------------------------------------------
    def _registers(self, circuit: Any) -> List[Tuple[str, int, int]]:
        registers = []
        for register in circuit.cregs:
            indices = [self._clbit_index[bit] for bit in register]
            if indices and indices != list(range(indices[0], indices[0] + len(indices))):
                raise InputError(
                    f"classical register '{register.name}' holds bits {indices}: qzone needs each register's "
                    "bits consecutive and in order"
                )
            registers.append((register.name, indices[0] if indices else 0, len(indices)))
        if not registers and circuit.num_clbits > 0:
            registers.append(("c", 0, circuit.num_clbits))
        return registers

    # -- conversion ------------------------------------------------------
    def _condition(self, condition: Any, clbits: Mapping[Any, int], where: str) -> Tuple[int, int, int, bool]:
        """(first, width, value, is_single_bit) for an if_test/while_loop condition."""
        if isinstance(condition, tuple):
            target, value = condition
            return self._condition_on(target, int(value), clbits, where)
        from qiskit.circuit.classical import expr

        if isinstance(condition, expr.Var):  # a bit read as a bool
            return self._condition_on(condition.var, 1, clbits, where)
        if (isinstance(condition, expr.Unary) and condition.op == expr.Unary.Op.LOGIC_NOT
                and isinstance(condition.operand, expr.Var)):
            first, width, _, single = self._condition_on(condition.operand.var, 1, clbits, where)
            if single:
                return first, width, 0, single
        if isinstance(condition, expr.Binary) and condition.op == expr.Binary.Op.EQUAL:
            left, right = condition.left, condition.right
            if isinstance(left, expr.Value):
                left, right = right, left
            if isinstance(left, expr.Var) and isinstance(right, expr.Value):
                return self._condition_on(left.var, int(right.value), clbits, where)
        raise UnsupportedInstructionError(
            f"{where}: the condition {condition} is not supported (qzone takes a bit or a register compared "
            "with a value)"
        )

    def _condition_on(self, target: Any, value: int, clbits: Mapping[Any, int], where: str):
        if target in clbits:  # one bit
            if value not in (0, 1):
                raise InputError(f"{where}: a bit compared with {value}")
            return clbits[target], 1, value, True
        try:
            indices = [clbits[bit] for bit in target]
        except (KeyError, TypeError):
            raise UnsupportedInstructionError(f"{where}: the condition on {target} names bits outside the circuit")
        if indices != list(range(indices[0], indices[0] + len(indices))):
            raise UnsupportedInstructionError(
                f"{where}: a condition on register '{getattr(target, 'name', target)}' whose bits are not consecutive"
            )
        if value < 0 or value >= 1 << len(indices):
            raise InputError(f"{where}: register '{getattr(target, 'name', target)}' compared with {value}")
        return indices[0], len(indices), value, len(indices) == 1

    def _convert(self, circuit: Any, qubits: Mapping[Any, int], clbits: Mapping[Any, int], condition: Condition,
                 where: str, bindings: Optional[Dict[Any, float]] = None) -> None:
        self._phases_conditioned(circuit.global_phase, condition, bindings)
        for position, instruction in enumerate(circuit.data):
            name = instruction.name
            q = [qubits[b] for b in instruction.qubits]
            if name in CATALOGUE:
                # The common case, without making the instruction's Python object.
                params = [self._partly_bound(p, bindings) for p in instruction.params]
                self._ops.append(_Op("gate", name, q, params, condition=condition))
                continue
            operation = instruction.operation
            here = f"{where}instruction {position} ('{name}')"
            c = [clbits[b] for b in instruction.clbits]
            params = [self._partly_bound(p, bindings) for p in getattr(operation, "params", [])]
            if name in ("if_else", "while_loop", "for_loop", "box", "switch_case"):
                self._control_flow(operation, instruction, q, c, qubits, clbits, condition, here, bindings)
            elif name == "measure":
                self._ops.append(_Op("measure", qubits=q, condition=condition, clbit=c[0]))
            elif name == "reset":
                self._ops.append(_Op("reset", qubits=q, condition=condition))
            elif name == "barrier":
                self._ops.append(_Op("barrier", qubits=q))
            elif name in IGNORED:
                continue
            elif name == "global_phase":
                if condition is not None:
                    self._ops.append(_Op("phase", qubits=[0], params=params, condition=condition))
                else:
                    self._phases.append(params[0])
            elif c:
                raise UnsupportedInstructionError(
                    f"{here}: '{name}' acts on classical bits; qzone runs gates, measure, reset, barrier, "
                    "if_test, for_loop, while_loop and box"
                )
            else:
                self._gate(operation, q, params, condition, here, bindings)

    def _partly_bound(self, value: Any, bindings: Optional[Dict[Any, float]]) -> Any:
        if bindings and _is_parametric(value):
            known = {p: v for p, v in bindings.items() if p in value.parameters}
            if known:
                value = value.bind(known)
                if not value.parameters:
                    return _real(value, "a loop")
        return value

    def _gate(self, operation: Any, q: List[int], params: List[Any], condition: Condition, where: str,
              bindings: Optional[Dict[Any, float]]) -> None:
        controls: List[int] = []
        states: List[int] = []
        if type(operation).__name__ == "AnnotatedOperation":
            operation, q, controls, states = self._annotated(operation, q, where)
            params = [self._partly_bound(p, bindings) for p in getattr(operation, "params", [])]
        elif (getattr(operation, "num_ctrl_qubits", 0) and hasattr(operation, "base_gate")
              and operation.name not in CATALOGUE and self._runs_as_it_is(operation.base_gate)
              # cu's fourth parameter is a phase of the controlled branch, outside its base gate
              and len(operation.params) == len(operation.base_gate.params)):
            k = operation.num_ctrl_qubits
            controls, states = q[:k], [(operation.ctrl_state >> j) & 1 for j in range(k)]
            operation, q = operation.base_gate, q[k:]
            params = [self._partly_bound(p, bindings) for p in operation.params]
        self._emit(operation, q, params, controls, states, condition, where, bindings)

    def _runs_as_it_is(self, operation: Any) -> bool:
        """A catalogue gate, or one with a matrix qzone applies whole."""
        return operation.name in CATALOGUE or (operation.num_qubits <= MAX_DENSE_QUBITS
                                               and self._has_matrix(operation))

    @staticmethod
    def _annotated(operation: Any, q: List[int], where: str):
        """An AnnotatedOperation as (base, its qubits, controls, control
        states): controls come first in the qubits, each ControlModifier's
        in front of the ones before it; inverse and power modifiers commute
        with controls and are applied to the base."""
        from qiskit.circuit.annotated_operation import ControlModifier, InverseModifier, PowerModifier

        base = operation.base_op
        control_groups = []
        for modifier in operation.modifiers:
            if isinstance(modifier, ControlModifier):
                control_groups.append(modifier)
            elif isinstance(modifier, InverseModifier):
                base = base.inverse()
            elif isinstance(modifier, PowerModifier):
                base = base.power(modifier.power)
            else:
                raise UnsupportedInstructionError(f"{where}: the modifier {modifier} is not supported")
        controls: List[int] = []
        states: List[int] = []
        position = 0
        for modifier in reversed(control_groups):  # the last modifier's controls come first
            k = modifier.num_ctrl_qubits
            controls += q[position:position + k]
            states += [(modifier.ctrl_state >> j) & 1 for j in range(k)]
            position += k
        return base, q[position:], controls, states

    def _emit(self, operation: Any, q: List[int], params: List[Any], controls: List[int], states: List[int],
              condition: Condition, where: str, bindings: Optional[Dict[Any, float]]) -> None:
        """`operation` on qubits q, controlled by `controls` in `states`."""
        name = operation.name
        if name in CATALOGUE:
            self._ops.append(_Op("gate", name, q, params, controls, states, condition))
            return
        if len(q) <= MAX_DENSE_QUBITS and self._has_matrix(operation):
            parametric = [p for p in params if _is_parametric(p)]
            self._ops.append(_Op("unitary", name, q, params if parametric else [], controls, states, condition,
                                 matrix_of=self._matrix_maker(operation)))
            return
        definition = getattr(operation, "definition", None)
        if definition is None:
            raise UnsupportedInstructionError(
                f"{where}: '{name}' has neither a matrix qzone can use nor a definition; qzone runs Qiskit's "
                "standard gates, unitaries, controlled, inverse and annotated gates and gates defined by circuits"
            )
        if controls:
            # An annotated gate without a matrix: each gate of its definition, controlled.
            definition = definition.control(len(controls), ctrl_state="".join(str(s) for s in reversed(states)),
                                            annotated=False)
            q = controls + q
        inner_qubits = {bit: q[i] for i, bit in enumerate(definition.qubits)}
        self._convert(definition, inner_qubits, {}, condition, f"{where} > ", bindings)

    def _phases_conditioned(self, phase: Any, condition: Condition, bindings) -> None:
        phase = self._partly_bound(phase, bindings)
        if condition is None:
            self._phases.append(phase)
        elif _is_parametric(phase) or float(phase) != 0.0:
            self._ops.append(_Op("phase", qubits=[0], params=[phase], condition=condition))

    @staticmethod
    def _has_matrix(operation: Any) -> bool:
        if type(operation).__name__ == "UnitaryGate":
            return True
        if any(_is_parametric(p) for p in getattr(operation, "params", [])):
            # A standard gate's matrix follows its parameters; try it with zeros.
            try:
                probe = operation.copy()
                probe.params = [0.0 for _ in probe.params]
                probe.to_matrix()
                return True
            except Exception:
                return False
        try:
            operation.to_matrix()
            return True
        except Exception:
            return False

    @staticmethod
    def _matrix_maker(operation: Any):
        if not any(_is_parametric(p) for p in getattr(operation, "params", [])):
            matrix = np.ascontiguousarray(operation.to_matrix(), dtype=complex)
            return lambda values: matrix

        def make(values: List[float]) -> np.ndarray:
            gate = operation.copy()
            gate.params = list(values)
            return np.ascontiguousarray(gate.to_matrix(), dtype=complex)

        return make

    def _control_flow(self, operation, instruction, q, c, qubits, clbits, condition, where, bindings) -> None:
        name = operation.name
        blocks = operation.blocks

        def body_maps(body):
            return ({bit: q[i] for i, bit in enumerate(body.qubits)},
                    {bit: c[i] for i, bit in enumerate(body.clbits)})

        if name == "box":
            inner_q, inner_c = body_maps(blocks[0])
            self._convert(blocks[0], inner_q, inner_c, condition, f"{where} > ", bindings)
            return
        if name == "for_loop":
            indexset, loop_parameter, body = operation.params
            inner_q, inner_c = body_maps(body)
            for value in indexset:
                values = dict(bindings or {})
                if loop_parameter is not None:
                    values[loop_parameter] = float(value)
                self._convert(body, inner_q, inner_c, condition, f"{where} > ", values)
            return
        if name not in ("if_else", "while_loop"):
            raise UnsupportedInstructionError(
                f"{where}: '{name}' is not supported; qzone runs if_test, for_loop, while_loop and box"
            )
        first, width, value, _ = self._condition(operation.condition, clbits, where)
        outer = condition or ()
        if name == "if_else":
            true_body = blocks[0]
            self._conditioned_body(true_body, body_maps(true_body), outer + ((first, width, value, False),), where,
                                   bindings)
            if len(blocks) > 1 and blocks[1] is not None:
                false_body = blocks[1]
                self._conditioned_body(false_body, body_maps(false_body), outer + ((first, width, value, True),),
                                       where, bindings)
        else:  # while_loop
            body = blocks[0]
            for _ in range(self.max_while_iterations):
                self._conditioned_body(body, body_maps(body), outer + ((first, width, value, False),), where,
                                       bindings)

    def _conditioned_body(self, body, maps, condition, where, bindings) -> None:
        inner_q, inner_c = maps
        start = len(self._ops)
        self._convert(body, inner_q, inner_c, condition, f"{where} > ", bindings)
        # Every operation of the body tests the condition itself: a body that
        # changes the condition's bits must do so last.
        tested = {bit for first, width, _, _ in condition for bit in range(first, first + width)}
        written = [i for i in range(start, len(self._ops))
                   if self._ops[i].kind == "measure" and self._ops[i].clbit in tested]
        if written and any(self._ops[i].kind != "measure" for i in range(written[0] + 1, len(self._ops))):
            raise UnsupportedInstructionError(
                f"{where}: the body measures into its own condition's bits before other operations; qzone "
                "tests the condition for each operation of the body"
            )

    # -- binding ---------------------------------------------------------
    def _values(self, values: Union[Mapping[Any, float], Sequence[float], None]) -> Dict[Any, float]:
        if values is None:
            values = {}
        if not isinstance(values, Mapping):
            values = list(values)
            if len(values) != len(self.parameters):
                raise InputError(f"{len(values)} parameter values for a circuit with {len(self.parameters)} parameters")
            return dict(zip(self.parameters, values))
        by_name = {p.name: p for p in self.parameters}
        bound: Dict[Any, float] = {}
        for key, value in values.items():
            parameter = by_name.get(key) if isinstance(key, str) else key
            if parameter is None or parameter not in self.parameters:
                raise InputError(f"a value for parameter {key}, which the circuit does not have")
            bound[parameter] = _real(value, f"parameter {key}")
        missing = [p.name for p in self.parameters if p not in bound]
        if missing:
            raise InputError(f"no value for parameter(s) {', '.join(missing)}")
        return bound

    @staticmethod
    def _number(value: Any, values: Dict[Any, float]) -> float:
        if _is_parametric(value):
            value = value.bind({p: values[p] for p in value.parameters})
        return _real(value, "a gate parameter")

    def bind(self, values: Union[Mapping[Any, float], Sequence[float], None] = None) -> Any:
        """The engine circuit with the parameters set to ``values`` (a
        mapping from Parameter or name, or a sequence in ``parameters``
        order). Raises qzone.InputError for missing or unknown values."""
        values = self._values(values)
        number = self._number
        circuit = _core.Circuit(self.num_qubits, self.num_clbits, self.name)
        for name, offset, size in self.registers:
            circuit.add_classical_register(name, offset, size)
        for op in self._ops:
            kind = op.kind
            params = [number(p, values) for p in op.params] if op.parametric else op.params
            if kind == "gate":
                circuit.gate(op.name, op.qubits, params, op.controls, op.states, op.condition)
            elif kind == "unitary":
                matrix = op.matrix_of(params)
                circuit.unitary(op.qubits, matrix, op.name, op.controls, op.states, op.condition)
            elif kind == "measure":
                circuit.measure(op.qubits[0], op.clbit, op.condition)
            elif kind == "reset":
                circuit.reset(op.qubits[0], op.condition)
            elif kind == "barrier":
                circuit.barrier(op.qubits)
            elif kind == "phase":
                phase = cmath.exp(1j * params[0])
                circuit.diagonal([0], np.array([phase, phase]), "global_phase", op.condition)
        phase = sum(number(p, values) for p in self._phases)
        if self.num_qubits > 0 and math.remainder(phase, 2 * math.pi) != 0.0:
            factor = cmath.exp(1j * phase)
            circuit.diagonal([0], np.array([factor, factor]), "global_phase", None)
        return circuit


def to_circuit(circuit: Any, values: Union[Mapping[Any, float], Sequence[float], None] = None) -> Any:
    """The engine circuit of a QuantumCircuit (converted and bound at once)."""
    return Program(circuit).bind(values)


__all__ = ["Program", "to_circuit", "CATALOGUE", "MAX_WHILE_ITERATIONS"]
