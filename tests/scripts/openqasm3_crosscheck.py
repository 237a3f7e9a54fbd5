#!/usr/bin/env python3
"""Cross-checks qzone's OpenQASM 3 reader against Qiskit.

    openqasm3_crosscheck.py QZONE MPIEXEC CIRCUIT_DIR WORK_DIR

Circuits are built in Qiskit and written with `qiskit.qasm3.dumps`, as users
export them. Unitary circuits (library circuits raw and transpiled to bases,
with physical qubits, with parameters left as inputs and bound with --param):
`qzone run --probabilities` on 1-3 ranks equals Qiskit's Statevector to 1e-9.
Dynamic circuits (mid-circuit measurement, reset, if/else on bits, registers
and expressions, for, while, break, continue, bit assignment): counts agree
with the exact distribution within 5 sigma, the exact distribution coming
from an enumeration of every measurement branch with Statevector (below,
independent of qzone). The OpenQASM 3 examples in CIRCUIT_DIR are run too,
and a while loop that never ends stops with its located error on every rank
count. CIRCUIT_DIR is only read.
"""
import json
import math
import pathlib
import re
import subprocess
import sys

import numpy as np
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister, qasm3, transpile
from qiskit.circuit import Clbit, Parameter
from qiskit.circuit.classical import expr
from qiskit.circuit.library import (CDKMRippleCarryAdder, DraperQFTAdder, PauliEvolutionGate, QFTGate, UnitaryGate,
                                    XXPlusYYGate, efficient_su2, n_local, phase_estimation)
from qiskit.quantum_info import SparsePauliOp, Statevector, random_unitary

TOLERANCE = 1e-9
SHOTS = 4000


# ---- unitary circuits -------------------------------------------------------------------------------------------

def every_gate_circuit():
    qc = QuantumCircuit(6)
    for q in range(6):
        qc.u(0.3 + q, 0.2 * q, -0.4, q)
    qc.mcx([0, 1, 2], 3)
    qc.ecr(0, 1)
    qc.rzx(0.3, 1, 2)
    qc.rxx(0.2, 2, 3)
    qc.ryy(0.4, 3, 4)
    qc.rzz(0.5, 4, 5)
    qc.iswap(0, 5)
    qc.cs(1, 2)
    qc.ccz(0, 1, 2)
    qc.rcccx(0, 1, 2, 3)
    qc.mcp(0.7, [0, 1], 2)
    qc.cu(0.1, 0.2, 0.3, 0.4, 0, 1)
    qc.cswap(0, 1, 2)
    qc.append(UnitaryGate(random_unitary(4, seed=1)), [2, 4])
    qc.append(XXPlusYYGate(0.1, 0.2), [0, 1])
    for name, args in [("h", [3]), ("x", [1]), ("y", [2]), ("z", [0]), ("s", [1]), ("sdg", [2]), ("t", [3]),
                       ("tdg", [4]), ("sx", [5]), ("sxdg", [0]), ("id", [1])]:
        getattr(qc, name)(*args)
    qc.p(0.3, 0); qc.rx(0.1, 1); qc.ry(0.2, 2); qc.rz(0.3, 3)
    qc.cx(0, 1); qc.cy(1, 2); qc.cz(2, 3); qc.cp(0.5, 3, 4); qc.crx(0.6, 4, 5); qc.cry(0.7, 5, 0)
    qc.crz(0.8, 0, 2); qc.ch(1, 3); qc.swap(2, 4); qc.ccx(0, 1, 5); qc.csx(0, 1); qc.dcx(1, 2)
    qc.r(0.1, 0.2, 3)
    return qc


def wrapped(gate):
    if isinstance(gate, QuantumCircuit):
        gate = gate.to_gate()
    qc = QuantumCircuit(gate.num_qubits)
    qc.append(gate, range(gate.num_qubits))
    return qc


def phase_gate(turns):
    qc = QuantumCircuit(1)
    qc.p(2 * math.pi * turns, 0)
    return qc


def unitary_cases():
    """(name, circuit, parameter values by name or None)."""
    cases = [
        ("qft5", wrapped(QFTGate(5)), None),
        ("qft5_u3_cx", transpile(wrapped(QFTGate(5)), basis_gates=["u3", "cx"], optimization_level=1), None),
        ("qft4_u2_u1", transpile(wrapped(QFTGate(4)), basis_gates=["u1", "u2", "u3", "cx"], optimization_level=0),
         None),
        ("every_gate", every_gate_circuit(), None),
        ("adder_cdkm", wrapped(CDKMRippleCarryAdder(2)), None),
        ("adder_draper", wrapped(DraperQFTAdder(3)), None),
        ("phase_estimation", phase_estimation(3, phase_gate(0.3)), None),
        # Commuting terms: the exported product formula is the exact evolution Statevector computes.
        ("pauli_evolution", wrapped(PauliEvolutionGate(SparsePauliOp(["ZZI", "IZZ", "XXX"], [0.5, 0.2, 0.1]),
                                                       time=0.7)), None),
    ]
    # Unbound parameters become inputs, bound with --param; Unicode names too.
    su2 = efficient_su2(4, reps=2)
    cases.append(("efficient_su2", su2, {p.name: 0.1 + 0.37 * i for i, p in enumerate(su2.parameters)}))
    two_local = n_local(3, "ry", "cz", reps=2)
    cases.append(("n_local", two_local, {p.name: -0.5 + 0.21 * i for i, p in enumerate(two_local.parameters)}))
    theta, phi = Parameter("θ"), Parameter("phi")
    named = QuantumCircuit(3)
    named.h(0); named.rx(theta, 0); named.cry(2 * phi + 1, 0, 1); named.crz(theta - phi, 1, 2)
    cases.append(("unicode_inputs", named, {"θ": 0.25, "phi": -1.5}))
    # Transpiled onto a device: physical qubits $n, a layout that moves them.
    device = transpile(efficient_su2(3, reps=1).assign_parameters(np.linspace(0.1, 1.2, 12)),
                       basis_gates=["rz", "sx", "x", "cx"], coupling_map=[[0, 1], [1, 2], [2, 3]],
                       initial_layout=[2, 0, 1], seed_transpiler=3)
    cases.append(("physical_qubits", device, None))
    return cases


def qzone_run(qzone, mpiexec, ranks, path, output, *extra):
    command = [mpiexec, "-n", str(ranks), qzone, "run", str(path), "--output", str(output), *extra]
    return subprocess.run(command, capture_output=True, text=True)


def check_unitary(qzone, mpiexec, work, name, circuit, values):
    path = work / f"{name}.qasm"
    text = qasm3.dumps(circuit)
    path.write_text(text)
    bound = circuit.assign_parameters({p: values[p.name] for p in circuit.parameters}) if values else circuit
    expected = Statevector(bound.remove_final_measurements(inplace=False)).probabilities()
    # The exporter writes one input per parameter, in the circuit's order, with names made
    # valid (θ[0] becomes _θ_0_).
    inputs = re.findall(r"^input float\[64\] (\S+);$", text, flags=re.M)
    assert len(inputs) == len(circuit.parameters), f"{name}: {len(inputs)} inputs exported"
    params = [f"--param={exported}={values[p.name]!r}" for exported, p in zip(inputs, circuit.parameters)]
    for ranks in (1, 2, 3):
        run = qzone_run(qzone, mpiexec, ranks, path, work / "result.json", "--shots", "0", "--probabilities", *params)
        if run.returncode != 0:
            raise AssertionError(f"{name} on {ranks} ranks: exit {run.returncode}: {run.stderr}")
        got = np.array(json.loads((work / "result.json").read_text())["probabilities"])
        # Physical qubits: qzone simulates up to the highest one used; Qiskit's others stay |0>.
        if len(got) > len(expected) or abs(expected[len(got):].sum()) > TOLERANCE:
            raise AssertionError(f"{name}: {len(got)} probabilities, Qiskit has {len(expected)}")
        worst = float(np.max(np.abs(got - expected[:len(got)])))
        if worst > TOLERANCE:
            raise AssertionError(f"{name} on {ranks} ranks: largest difference {worst:.3e}")
    print(f"{name}: {len(expected)} probabilities agree with Qiskit to {TOLERANCE} on 1-3 ranks")
    return 3


# ---- dynamic circuits: an exact reference by enumerating branches -------------------------------------------------

class World:
    """One branch of a dynamic circuit: its probability, state and bits."""

    def __init__(self, probability, state, bits):
        self.probability, self.state, self.bits, self.flow = probability, state, bits, None


def value_of(node, world, clbits):
    """A Qiskit classical expression (or an old-style (bit, value) condition) on a branch's bits."""
    if isinstance(node, tuple):
        target, value = node
        return value_of(expr.lift(target), world, clbits) == value
    if isinstance(node, expr.Var):
        if isinstance(node.var, Clbit):
            return world.bits[clbits[node.var]]
        return sum(world.bits[clbits[bit]] << j for j, bit in enumerate(node.var))
    if isinstance(node, expr.Value):
        return node.value
    if isinstance(node, expr.Cast):
        inner = value_of(node.operand, world, clbits)
        return bool(inner) if node.type.kind is expr.types.Bool else inner
    if isinstance(node, expr.Unary):
        return not value_of(node.operand, world, clbits)
    left, right = value_of(node.left, world, clbits), value_of(node.right, world, clbits)
    return {expr.Binary.Op.LOGIC_AND: lambda: bool(left) and bool(right),
            expr.Binary.Op.LOGIC_OR: lambda: bool(left) or bool(right),
            expr.Binary.Op.EQUAL: lambda: left == right, expr.Binary.Op.NOT_EQUAL: lambda: left != right,
            expr.Binary.Op.LESS: lambda: left < right, expr.Binary.Op.LESS_EQUAL: lambda: left <= right,
            expr.Binary.Op.GREATER: lambda: left > right,
            expr.Binary.Op.GREATER_EQUAL: lambda: left >= right}[node.op]()


def measured(world, qubit):
    """The branches of measuring `qubit`: (outcome, probability, projected state)."""
    data = world.state.data
    ones = (np.arange(len(data)) >> qubit) & 1
    for outcome in (0, 1):
        kept = np.where(ones == outcome, data, 0)
        p = float(np.vdot(kept, kept).real)
        if p > 1e-14:
            yield outcome, p, Statevector(kept / math.sqrt(p))


def run_block(block, worlds, qubits, clbits):
    """`block` (whose qubits map to global indices by `qubits`) on every branch."""
    for instruction in block.data:
        op = instruction.operation
        qs = [qubits[q] for q in instruction.qubits]
        active = [w for w in worlds if w.flow is None]
        waiting = [w for w in worlds if w.flow is not None]
        inner_qubits = lambda body: {**qubits, **dict(zip(body.qubits, qs))}
        if op.name in ("barrier", "delay"):
            continue
        if op.name in ("measure", "reset"):
            after = []
            for w in active:
                for outcome, p, state in measured(w, qs[0]):
                    bits = list(w.bits)
                    if op.name == "measure":
                        bits[clbits[instruction.clbits[0]]] = outcome
                    elif outcome:
                        flip = QuantumCircuit(1)
                        flip.x(0)
                        state = state.evolve(flip, [qs[0]])
                    after.append(World(w.probability * p, state, bits))
            active = after
        elif op.name == "if_else":
            yes = [w for w in active if value_of(op.condition, w, clbits)]
            no = [w for w in active if not value_of(op.condition, w, clbits)]
            yes = run_block(op.blocks[0], yes, inner_qubits(op.blocks[0]), clbits)
            if len(op.blocks) > 1 and op.blocks[1] is not None:
                no = run_block(op.blocks[1], no, inner_qubits(op.blocks[1]), clbits)
            active = yes + no
        elif op.name in ("for_loop", "while_loop"):
            finished, running = [], active
            if op.name == "for_loop":
                indices, parameter, body = op.params
                iterations = [body.assign_parameters({parameter: v}) if parameter is not None else body
                              for v in indices]
            else:
                iterations = [op.blocks[0]] * 1000
            for body in iterations:
                if op.name == "while_loop":
                    finished += [w for w in running if not value_of(op.condition, w, clbits)]
                    running = [w for w in running if value_of(op.condition, w, clbits)]
                running = run_block(body, running, inner_qubits(body), clbits)
                for w in running:
                    if w.flow == "break":
                        w.flow = None
                        finished.append(w)
                    elif w.flow == "continue":
                        w.flow = None
                running = [w for w in running if w not in finished]
            active = finished + running
        elif op.name in ("break_loop", "continue_loop"):
            for w in active:
                w.flow = "break" if op.name == "break_loop" else "continue"
        elif op.name == "store":
            for w in active:
                w.bits[clbits[op.lvalue.var]] = int(bool(value_of(op.rvalue, w, clbits)))
        else:
            for w in active:
                w.state = w.state.evolve(op, qs)
        worlds = waiting + active
    return worlds


def exact_distribution(circuit):
    clbits = {bit: j for j, bit in enumerate(circuit.clbits)}
    qubits = {bit: j for j, bit in enumerate(circuit.qubits)}
    start = World(1.0, Statevector.from_int(0, 2 ** circuit.num_qubits), [0] * circuit.num_clbits)
    distribution = {}
    for w in run_block(circuit, [start], qubits, clbits):
        key = " ".join("".join(str(w.bits[clbits[b]]) for b in reversed(reg)) for reg in reversed(circuit.cregs))
        distribution[key] = distribution.get(key, 0.0) + w.probability
    return distribution


def dynamic_cases():
    q, c, d = QuantumRegister(3, "q"), ClassicalRegister(2, "c"), ClassicalRegister(1, "d")
    basic = QuantumCircuit(q, c, d)
    basic.h(0)
    basic.measure(0, c[0])
    with basic.if_test((c[0], 1)) as otherwise:
        basic.x(1)
    with otherwise:
        basic.h(1)
    basic.measure(1, c[1])
    with basic.if_test((c, 3)):
        basic.ry(0.7, 2)
    with basic.for_loop(range(3)):
        basic.rx(0.4, 2)
    basic.reset(0)
    basic.h(0)
    basic.measure(0, c[0])
    with basic.while_loop((c[0], 1)):  # repeat until 0: ends after 1 + geometric iterations
        basic.h(0)
        basic.measure(0, c[0])
    basic.measure(2, d[0])

    r = ClassicalRegister(3, "r")
    expressions = QuantumCircuit(QuantumRegister(3, "q"), r)
    expressions.h([0, 1])
    expressions.ry(1.1, 2)
    expressions.measure(0, r[0])
    expressions.measure(1, r[1])
    with expressions.if_test(expr.logic_and(r[0], expr.logic_not(r[1]))):
        expressions.x(2)
    with expressions.if_test(expr.logic_or(r[0], r[1])):
        expressions.rx(0.3, 2)
    with expressions.if_test(expr.less(r, 2)):
        expressions.ry(0.5, 2)
    with expressions.if_test(expr.greater_equal(r, 3)):
        expressions.rz(0.5, 2)
        expressions.h(2)
    with expressions.if_test(expr.not_equal(r, 1)):
        expressions.sx(2)
    expressions.store(r[2], expr.lift(r[0]))
    with expressions.if_test((r[2], 1)):
        expressions.measure(2, r[2])  # the body overwrites the bit its condition reads
        expressions.h(2)
    expressions.measure(2, r[1])

    loops = QuantumCircuit(QuantumRegister(2, "q"), ClassicalRegister(2, "m"))
    loops.h(0)
    loops.measure(0, 0)
    with loops.while_loop((loops.clbits[0], 1)):
        loops.rx(0.9, 1)
        loops.measure(1, 1)
        with loops.if_test((loops.clbits[1], 1)):
            loops.break_loop()
        loops.h(0)
        loops.measure(0, 0)
    with loops.for_loop(range(4)) as i:
        loops.ry(0.3 * i + 0.1, 1)
        loops.measure(1, 1)
        with loops.if_test((loops.clbits[1], 0)):
            loops.continue_loop()
        loops.x(0)
    loops.measure(0, 0)
    return [("dynamic_basic", basic), ("dynamic_expressions", expressions), ("dynamic_loops", loops)]


def check_dynamic(qzone, mpiexec, work, name, circuit):
    path = work / f"{name}.qasm"
    path.write_text(qasm3.dumps(circuit))
    exact = exact_distribution(circuit)
    for ranks in (1, 3):
        run = qzone_run(qzone, mpiexec, ranks, path, work / "result.json", "--shots", str(SHOTS), "--seed", "11")
        if run.returncode != 0:
            raise AssertionError(f"{name} on {ranks} ranks: exit {run.returncode}: {run.stderr}")
        counts = json.loads((work / "result.json").read_text())["counts"]
        for key in set(counts) | set(exact):
            p = exact.get(key, 0.0)
            sigma = math.sqrt(SHOTS * p * (1 - p))
            if abs(counts.get(key, 0) - SHOTS * p) > 5 * sigma + 1e-9:
                raise AssertionError(f"{name} on {ranks} ranks: '{key}' {counts.get(key, 0)} times, "
                                     f"expected {SHOTS * p:.1f} +- {sigma:.1f}")
    print(f"{name}: counts of {SHOTS} shots within 5 sigma of the exact distribution ({len(exact)} outcomes) "
          f"on 1 and 3 ranks")
    return 2


def check_runaway_while(qzone, mpiexec, work):
    path = work / "runaway.qasm"
    path.write_text('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nbit[1] c;\nc[0] = 1;\n'
                    "while (c[0]) {\n  h q[0];\n}\n")
    for ranks in (1, 3):
        run = qzone_run(qzone, mpiexec, ranks, path, work / "result.json", "--shots", "5")
        expected = "runaway.qasm:6:1: error: the while loop is still running after 100 iterations"
        if run.returncode != 2 or expected not in run.stderr:
            raise AssertionError(f"runaway while on {ranks} ranks: exit {run.returncode}: {run.stderr}")
    print("runaway while: exit 2 with the loop's location on 1 and 3 ranks")
    return 2


def check_refused_on_every_rank(qzone, mpiexec, work):
    path = work / "refused.qasm"
    path.write_text('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\ndef f(qubit a) { h a; }\n')
    expected = "refused.qasm:4:1: error: subroutine definitions (def) are not supported"
    for ranks in (1, 3):
        run = qzone_run(qzone, mpiexec, ranks, path, work / "result.json", "--shots", "5")
        if run.returncode != 2 or run.stderr.count(expected) != 1:
            raise AssertionError(f"refused program on {ranks} ranks: exit {run.returncode}: {run.stderr}")
    print("refused program: exit 2, its located message printed once, on 1 and 3 ranks")
    return 2


def main():
    qzone, mpiexec, circuit_dir, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    work.mkdir(parents=True, exist_ok=True)
    runs = 0
    try:
        for name, circuit, values in unitary_cases():
            runs += check_unitary(qzone, mpiexec, work, name, circuit, values)
        for name, circuit in dynamic_cases():
            runs += check_dynamic(qzone, mpiexec, work, name, circuit)
        runs += check_runaway_while(qzone, mpiexec, work)
        runs += check_refused_on_every_rank(qzone, mpiexec, work)
        for path in sorted(circuit_dir.glob("*.qasm")):
            if not re.search(r"^OPENQASM\s+3", path.read_text(), flags=re.M):
                continue
            run = qzone_run(qzone, mpiexec, 2, path, work / "result.json", "--shots", "100")
            if run.returncode != 0:
                raise AssertionError(f"example {path.name}: exit {run.returncode}: {run.stderr}")
            print(f"example {path.name}: runs on 2 ranks")
            runs += 1
    except AssertionError as failure:
        print(f"openqasm3_crosscheck: FAILED: {failure}")
        return 1
    print(f"openqasm3_crosscheck: {runs} runs agree with Qiskit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
