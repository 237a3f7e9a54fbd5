"""Python and Qiskit targets (docs/benchmarks.md), each against its
reference in the same run, medians of REPEATS:

1. 1,000 different 12-qubit circuits through SamplerV2 (1,000 shots each):
   qzone's SamplerV2 against qiskit-aer's SamplerV2, circuits per second.
2. EstimatorV2 on a 22-qubit circuit with a 100-term Pauli sum and 10
   parameter sets: qzone against qiskit-aer's EstimatorV2 (exact, i.e.
   approximation=True / shots=None).
3. A 24-qubit QFT through QzoneSimulator against `qzone run` on the same
   QASM (conversion and Python overhead).

Each figure is the median of REPEATS runs after one untimed warm-up run.

    python bench/python_primitives.py --qzone build/bin/qzone [--repeats 3] [--threads 1]

Run it with one process (Aer then gets --threads threads, qzone one
rank), or under `mpirun -np N` for qzone on N ranks alone (a rank waiting in
MPI spins, so Aer is measured in the one-process run with --threads N).
Prints medians, ratios and peak memory (ru_maxrss) of this process.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile

import numpy as np
from qiskit import QuantumCircuit, qasm2, transpile
from qiskit.circuit.library import QFTGate, efficient_su2
from qiskit.quantum_info import SparsePauliOp

import qzone
from peers import median_time  # bench/peers.py: a warm-up run, then the median of `repeats`
from qzone.qiskit import EstimatorV2, QzoneSimulator, SamplerV2

try:
    import qiskit_aer
    from qiskit_aer.primitives import EstimatorV2 as AerEstimator
    from qiskit_aer.primitives import SamplerV2 as AerSampler
except ImportError:  # the peer is optional
    qiskit_aer = None


def random_circuit(n, layers, rng):
    qc = QuantumCircuit(n)
    for layer in range(layers):
        for q in range(n):
            qc.u(*rng.uniform(-np.pi, np.pi, 3), q)
        for q in range(layer % 2, n - 1, 2):
            qc.cx(q, q + 1)
    qc.measure_all()
    return qc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qzone", required=True, help="the qzone executable, for target 3")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="Aer's threads (default 1; under mpirun: ranks)")
    parser.add_argument("--only", choices=["sampler", "estimator", "backend"])
    args = parser.parse_args()
    runtime = qzone.world()
    root = runtime.rank == 0
    say = print if root else (lambda *a, **k: None)
    threads = args.threads
    with_aer = qiskit_aer is not None and runtime.size == 1
    say(f"qzone {qzone.__version__} on {runtime.size} rank(s); qiskit-aer "
        f"{qiskit_aer.__version__ if qiskit_aer else 'not installed'} with {threads} thread(s)")

    if args.only in (None, "sampler"):
        rng = np.random.default_rng(1)
        circuits = [random_circuit(12, 8, rng) for _ in range(1000)]
        ours = median_time(lambda: SamplerV2(seed=1).run(circuits, shots=1000).result(), args.repeats)
        line = f"1. SamplerV2, 1000 x 12 qubits, 1000 shots: qzone {ours:.3f} s ({1000 / ours:.0f} circuits/s)"
        if with_aer:
            aer = AerSampler(seed=1, options={"backend_options": {"max_parallel_threads": threads}})
            theirs = median_time(lambda: aer.run(circuits, shots=1000).result(), args.repeats)
            line += f", aer {theirs:.3f} s; qzone throughput / aer's = {theirs / ours:.2f}"
        say(line)

    if args.only in (None, "estimator"):
        ansatz = efficient_su2(22, reps=2, entanglement="linear")
        rng = np.random.default_rng(2)
        values = rng.uniform(-np.pi, np.pi, size=(10, ansatz.num_parameters))
        labels = ["".join(rng.choice(list("IXYZ"), 22)) for _ in range(100)]
        observable = SparsePauliOp(labels, rng.normal(size=100))
        ours = median_time(lambda: EstimatorV2().run([(ansatz, observable, values)]).result(), args.repeats)
        line = f"2. EstimatorV2, 22 qubits, 100-term sum, 10 sets: qzone {ours:.3f} s"
        if with_aer:
            aer = AerEstimator(options={"backend_options": {"max_parallel_threads": threads}})
            theirs = median_time(lambda: aer.run([(ansatz, observable, values)]).result(), args.repeats)
            line += f", aer {theirs:.3f} s; speed-up {theirs / ours:.2f}x"
        say(line)

    if args.only in (None, "backend"):
        qft = QuantumCircuit(24)
        qft.x([0, 3, 7])
        qft.append(QFTGate(24), range(24))
        qft = transpile(qft, basis_gates=["h", "cp", "swap", "x"])
        backend = QzoneSimulator()
        simulated = []

        def through_backend():
            result = backend.run(qft, shots=0).result()
            simulated.append(result.results[0].metadata["simulate_seconds"])

        ours = median_time(through_backend, args.repeats)
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "qft24.qasm")
        with open(path, "w") as f:
            f.write(qasm2.dumps(qft))
        if runtime.size == 1 and root:
            out = os.path.join(folder, "result.json")
            cli = median_time(lambda: subprocess.run(
                [args.qzone, "run", path, "--shots", "0", "--output", out], check=True,
                stdout=subprocess.DEVNULL), args.repeats)
            simulate = json.load(open(out))["timings"]["simulate_seconds"]
            say(f"3. QFT-24 through QzoneSimulator: {ours:.3f} s (simulation {statistics.median(simulated[1:]):.3f} s); "
                f"`qzone run`: {cli:.3f} s (simulation {simulate:.3f} s); backend / CLI = {ours / cli:.3f}")
        else:
            say(f"3. QFT-24 through QzoneSimulator: {ours:.3f} s (the CLI comparison runs on one process)")
    say(f"peak memory of rank 0: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB")


if __name__ == "__main__":
    main()
