#!/usr/bin/env python3
"""Writes a seeded random OpenQASM 2.0 circuit to standard output.

    python3 random_circuit.py --qubits 20 --depth 30 --seed 7 > random.qasm

Each layer applies a random one-qubit gate (u3 with random angles, or h, t,
sx) to every qubit, then cx or cu1 on random disjoint pairs; all qubits are
measured at the end.
"""
import argparse
import math
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--qubits", type=int, default=12)
    parser.add_argument("--depth", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.qubits < 2 or args.depth < 1:
        parser.error("--qubits must be at least 2 and --depth at least 1")
    rng = random.Random(args.seed)
    n = args.qubits
    print(f"// random circuit: {n} qubits, depth {args.depth}, seed {args.seed}")
    print("OPENQASM 2.0;")
    print('include "qelib1.inc";')
    print(f"qreg q[{n}];")
    print(f"creg c[{n}];")
    for _ in range(args.depth):
        for q in range(n):
            kind = rng.choice(["u3", "h", "t", "sx"])
            if kind == "u3":
                angles = ",".join(f"{rng.uniform(-math.pi, math.pi):.12f}" for _ in range(3))
                print(f"u3({angles}) q[{q}];")
            else:
                print(f"{kind} q[{q}];")
        order = list(range(n))
        rng.shuffle(order)
        for a, b in zip(order[0::2], order[1::2]):
            if rng.random() < 0.5:
                print(f"cx q[{a}], q[{b}];")
            else:
                print(f"cu1({rng.uniform(-math.pi, math.pi):.12f}) q[{a}], q[{b}];")
    print("measure q -> c;")


if __name__ == "__main__":
    main()
