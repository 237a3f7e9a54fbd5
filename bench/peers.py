#!/usr/bin/env python3
"""Times the same circuit in the simulators installed from PyPI.

    python3 peers.py KIND QUBITS THREADS [--depth D] [--seed S] [--repeats R]

KIND is qft or random, built gate for gate as bench/make_circuit.py writes
them. Prints one line per simulator, "name seconds" (median of R runs of
pure simulation, state vector only, no sampling), or "name skipped: why"
when it is not installed. Every peer runs in double precision except qsim
from PyPI, which is single precision: its line says fp32.
"""
import argparse
import math
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_circuit  # noqa: E402


def gates_of(kind, n, depth, seed):
    """(name, qubits, parameters) tuples of the circuit, from the QASM lines."""
    lines = make_circuit.qft(n) if kind == "qft" else make_circuit.brickwork(n, depth, seed)
    gates = []
    for line in lines:
        head, _, rest = line.rstrip(";").partition(" ")
        name, params = head, []
        if "(" in head:
            name, inner = head[:-1].split("(")
            params = [eval(p, {"pi": math.pi}) for p in inner.split(",")]
        qubits = [int(q.split("[")[1].rstrip("]")) for q in rest.split(",")]
        gates.append((name, qubits, params))
    return gates


def median_time(run, repeats):
    run()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def aer(gates, n, threads, repeats):
    from qiskit import QuantumCircuit, transpile
    from qiskit_aer import AerSimulator
    qc = QuantumCircuit(n)
    for name, q, p in gates:
        {"h": lambda: qc.h(q[0]), "cu1": lambda: qc.cp(p[0], q[0], q[1]), "swap": lambda: qc.swap(q[0], q[1]),
         "u3": lambda: qc.u(p[0], p[1], p[2], q[0]), "cz": lambda: qc.cz(q[0], q[1])}[name]()
    qc.save_statevector()
    sim = AerSimulator(method="statevector", max_parallel_threads=threads, fusion_enable=True)
    compiled = transpile(qc, sim, optimization_level=0)
    return median_time(lambda: sim.run(compiled).result(), repeats)


def qulacs(gates, n, threads, repeats):
    os.environ["QULACS_NUM_THREADS"] = str(threads)
    import qulacs as q
    from qulacs import gate as g
    circuit = q.QuantumCircuit(n)
    for name, qs, p in gates:
        if name == "h":
            circuit.add_H_gate(qs[0])
        elif name == "cu1":
            d = g.DenseMatrix(qs[1], [[1, 0], [0, complex(math.cos(p[0]), math.sin(p[0]))]])
            d.add_control_qubit(qs[0], 1)
            circuit.add_gate(d)
        elif name == "swap":
            circuit.add_SWAP_gate(qs[0], qs[1])
        elif name == "u3":
            circuit.add_U3_gate(qs[0], p[0], p[1], p[2])
        elif name == "cz":
            circuit.add_CZ_gate(qs[0], qs[1])
    def run():
        state = q.QuantumState(n)
        circuit.update_quantum_state(state)
    return median_time(run, repeats)


def qsim(gates, n, threads, repeats):
    import cirq
    import qsimcirq
    qubits = cirq.LineQubit.range(n)
    ops = []
    for name, qs, p in gates:
        a = qubits[qs[0]]
        if name == "h":
            ops.append(cirq.H(a))
        elif name == "cu1":
            ops.append(cirq.CZPowGate(exponent=p[0] / math.pi)(a, qubits[qs[1]]))
        elif name == "swap":
            ops.append(cirq.SWAP(a, qubits[qs[1]]))
        elif name == "u3":
            theta, phi, lam = p
            ops.append(cirq.MatrixGate(cirq.unitary(cirq.rz(phi)) @ cirq.unitary(cirq.ry(theta)) @ cirq.unitary(cirq.rz(lam)))(a))
        elif name == "cz":
            ops.append(cirq.CZ(a, qubits[qs[1]]))
    circuit = cirq.Circuit(ops)
    # qsim's best fusion width differs from circuit to circuit: each of 2, 3, 4, the fastest taken.
    times = {}
    for width in (2, 3, 4):
        sim = qsimcirq.QSimSimulator(qsimcirq.QSimOptions(cpu_threads=threads, max_fused_gate_size=width))
        times[width] = median_time(lambda: sim.simulate(circuit), repeats)
    best = min(times, key=times.get)
    print("qsim fusion widths: " + ", ".join(f"f={w} {t:.3f} s" for w, t in times.items()), file=sys.stderr)
    return times[best]


def lightning(gates, n, threads, repeats):
    os.environ["OMP_NUM_THREADS"] = str(threads)
    import pennylane as qml
    dev = qml.device("lightning.qubit", wires=n)
    @qml.qnode(dev)
    def run():
        for name, q, p in gates:
            if name == "h":
                qml.Hadamard(q[0])
            elif name == "cu1":
                qml.ControlledPhaseShift(p[0], wires=[q[0], q[1]])
            elif name == "swap":
                qml.SWAP(wires=[q[0], q[1]])
            elif name == "u3":
                qml.U3(p[0], p[1], p[2], wires=q[0])
            elif name == "cz":
                qml.CZ(wires=[q[0], q[1]])
        return qml.state()
    return median_time(run, repeats)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["qft", "random"])
    parser.add_argument("qubits", type=int)
    parser.add_argument("threads", type=int)
    parser.add_argument("--depth", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="run this simulator alone (one per process: thread settings are read at import)")
    args = parser.parse_args()
    gates = gates_of(args.kind, args.qubits, args.depth, args.seed)
    for name, run in [("qiskit-aer", aer), ("qulacs", qulacs), ("qsim(fp32)", qsim), ("lightning", lightning)]:
        if args.only and name != args.only:
            continue
        try:
            print(f"{name} {run(gates, args.qubits, args.threads, args.repeats):.3f}", flush=True)
        except ImportError as e:
            print(f"{name} skipped: not installed ({e.name})", flush=True)
        except Exception as e:  # a peer failing must not stop the others
            print(f"{name} skipped: {type(e).__name__}: {e}", flush=True)


if __name__ == "__main__":
    main()
