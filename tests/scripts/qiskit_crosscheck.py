#!/usr/bin/env python3
"""Cross-checks qzone against Qiskit, an independent parser and simulator.

    qiskit_crosscheck.py QZONE MPIEXEC CIRCUIT_DIR WORK_DIR

For the example circuits and for seeded random circuits that use every gate of
qelib1.inc, runs `qzone run --probabilities` under 1 to 4 ranks and compares
every probability with Qiskit's (qiskit.qasm2 + Statevector, final
measurements removed) to 1e-9. Exits non-zero on the first disagreement.
"""
import json
import math
import pathlib
import random
import re
import subprocess
import sys

from qiskit import qasm2
from qiskit.quantum_info import Statevector

TOLERANCE = 1e-9
ONE = ["id", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "sxdg"]
ONE_PARAM = {"rx": 1, "ry": 1, "rz": 1, "u1": 1, "p": 1, "u2": 2, "u3": 3, "u": 3}
TWO = ["cx", "cy", "cz", "ch", "swap", "csx"]
TWO_PARAM = {"crx": 1, "cry": 1, "crz": 1, "cu1": 1, "cp": 1, "cu3": 3, "cu": 4, "rxx": 1, "rzz": 1}
MANY = {"ccx": 3, "cswap": 3, "rccx": 3, "rc3x": 4, "c3x": 4, "c3sqrtx": 4, "c4x": 5}


def random_circuit(qubits, gates, seed):
    rng = random.Random(seed)
    angle = lambda: f"{rng.uniform(-math.pi, math.pi):.15f}"
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";',
             "gate mine(a) x, y { rx(a) x; cx x, y; rz(-a/2) y; }",
             f"qreg q[{qubits}];", f"creg c[{qubits}];"]
    for q in range(qubits):
        lines.append(f"u3({angle()},{angle()},{angle()}) q[{q}];")
    for _ in range(gates):
        kind = rng.random()
        if kind < 0.3:
            name = rng.choice(ONE + list(ONE_PARAM))
            params = ONE_PARAM.get(name, 0)
            width = 1
        elif kind < 0.75:
            name = rng.choice(TWO + list(TWO_PARAM) + ["mine"])
            params = TWO_PARAM.get(name, 1 if name == "mine" else 0)
            width = 2
        else:
            name = rng.choice(list(MANY))
            params, width = 0, MANY[name]
        targets = rng.sample(range(qubits), width)
        args = ", ".join(f"q[{t}]" for t in targets)
        suffix = "(" + ",".join(angle() for _ in range(params)) + ")" if params else ""
        lines.append(f"{name}{suffix} {args};")
    lines.append("measure q -> c;")
    return "\n".join(lines) + "\n"


def qiskit_probabilities(text):
    """The final-state probabilities, or None for a circuit that measures,
    resets or branches mid-circuit (it has no single final state)."""
    circuit = qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    circuit.remove_final_measurements()
    if any(op.operation.name in ("measure", "reset", "if_else") or getattr(op.operation, "condition", None)
           for op in circuit.data):
        return None
    return Statevector(circuit).probabilities()


def qzone_probabilities(qzone, mpiexec, ranks, path, output):
    subprocess.run([mpiexec, "-n", str(ranks), qzone, "run", str(path), "--shots", "0", "--probabilities",
                    "--output", str(output)], check=True)
    return json.loads(output.read_text())["probabilities"]


def main():
    qzone, mpiexec, circuit_dir, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    work.mkdir(parents=True, exist_ok=True)
    # OpenQASM 3 examples are checked by openqasm3_crosscheck.py.
    circuits = [path for path in sorted(circuit_dir.glob("*.qasm"))
                if not re.search(r"^OPENQASM\s+3", path.read_text(), flags=re.M)]
    for seed in range(6):
        path = work / f"random_{seed}.qasm"
        path.write_text(random_circuit(qubits=6 + seed, gates=60, seed=seed))
        circuits.append(path)
    checked = 0
    for path in circuits:
        expected = qiskit_probabilities(path.read_text())
        if expected is None:
            print(f"{path.name}: skipped (mid-circuit measurement: no single final state)")
            continue
        for ranks in (1, 2, 3, 4):
            got = qzone_probabilities(qzone, mpiexec, ranks, path, work / "result.json")
            worst = max(abs(a - b) for a, b in zip(got, expected))
            if len(got) != len(expected) or worst > TOLERANCE:
                print(f"qiskit_crosscheck: FAILED: {path.name} on {ranks} ranks: largest difference {worst:.3e}")
                return 1
            checked += 1
        print(f"{path.name}: {len(expected)} probabilities agree with Qiskit to {TOLERANCE} on 1-4 ranks")
    print(f"qiskit_crosscheck: {checked} runs agree with Qiskit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
