#!/usr/bin/env python3
"""Writes a benchmark circuit as OpenQASM 2.0 to standard output.

    python3 make_circuit.py qft 24 > qft24.qasm
    python3 make_circuit.py random 24 --depth 10 --seed 1 > random24.qasm
    python3 make_circuit.py ghz 30 > ghz30.qasm
    python3 make_circuit.py qv 24 --depth 24 > qv24.qasm

qft: H and controlled phases on every pair, then the swaps that reverse the
qubit order (n(n+1)/2 + n/2 gates). qft-prep: H and a random RZ on every
qubit, then the QFT (the input is no longer a basis state). random: brickwork layers of a random
one-qubit rotation on every qubit followed by CZ on alternating pairs, as in
random-circuit-sampling benchmarks. qv: quantum volume, layers of random
two-qubit unitaries (three CX between random one-qubit rotations) on a random
pairing of the qubits. ghz: H then a chain of CX.
"""
import argparse
import math
import random


def qft(n):
    lines = []
    for j in reversed(range(n)):
        lines.append(f"h q[{j}];")
        for k in reversed(range(j)):
            lines.append(f"cu1(pi/{2 ** (j - k)}) q[{k}],q[{j}];")
    for j in range(n // 2):
        lines.append(f"swap q[{j}],q[{n - 1 - j}];")
    return lines


def qft_prep(n, seed):
    rng = random.Random(seed)
    prep = [f"h q[{q}];" for q in range(n)] + [f"rz({rng.uniform(0, 2 * math.pi):.12f}) q[{q}];" for q in range(n)]
    return prep + qft(n)


def random_u3(rng, q):
    theta, phi, lam = (rng.uniform(0, 2 * math.pi) for _ in range(3))
    return f"u3({theta:.12f},{phi:.12f},{lam:.12f}) q[{q}];"


def quantum_volume(n, depth, seed):
    rng = random.Random(seed)
    lines = []
    for _ in range(depth):
        order = list(range(n))
        rng.shuffle(order)
        for a, b in zip(order[0::2], order[1::2]):
            for _ in range(3):
                lines += [random_u3(rng, a), random_u3(rng, b), f"cx q[{a}],q[{b}];"]
            lines += [random_u3(rng, a), random_u3(rng, b)]
    return lines


def brickwork(n, depth, seed):
    rng = random.Random(seed)
    lines = []
    for layer in range(depth):
        lines += [random_u3(rng, q) for q in range(n)]
        for q in range(layer % 2, n - 1, 2):
            lines.append(f"cz q[{q}],q[{q + 1}];")
    return lines


def ghz(n):
    return ["h q[0];"] + [f"cx q[{q}],q[{q + 1}];" for q in range(n - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["qft", "qft-prep", "random", "qv", "ghz"])
    parser.add_argument("qubits", type=int)
    parser.add_argument("--depth", type=int, default=10, help="random, qv: layers (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="qft-prep, random, qv: seed (default 1)")
    args = parser.parse_args()
    n = args.qubits
    body = {"qft": lambda: qft(n), "qft-prep": lambda: qft_prep(n, args.seed),
            "random": lambda: brickwork(n, args.depth, args.seed),
            "qv": lambda: quantum_volume(n, args.depth, args.seed), "ghz": lambda: ghz(n)}[args.kind]()
    print("OPENQASM 2.0;")
    print('include "qelib1.inc";')
    print(f"qreg q[{n}];")
    print(f"creg c[{n}];")
    print("\n".join(body))
    print("measure q -> c;")


if __name__ == "__main__":
    main()
