#!/usr/bin/env bash
# bounded_memory.sh QZONE [QUBITS] [SHOTS] [REPEATS]
# What a run holds besides its state, on 1 rank: peak resident memory of
# `qzone run` with --amplitudes, --probabilities (both written piece by
# piece) on a random circuit of QUBITS qubits, and SHOTS shots (drawn in
# batches of 2^22) of an 8-qubit QFT (256 outcomes: the counts stay small, so
# what grows with the shots is the sampler's own memory), each
# against its reference measured in the same run: the same circuit with no
# shots and no listing (the state, its buffers and the program). Prints
# medians of REPEATS runs, the ratio to the reference and to the state's
# own bytes.
#
#   bench/bounded_memory.sh build/bin/qzone 22 30000000 3
set -euo pipefail
qzone=$(realpath "$1")
qubits=${2:-22}
shots=${3:-30000000}
repeats=${4:-3}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/make_circuit.py" random "$qubits" > "$work/random.qasm"
python3 "$here/make_circuit.py" qft 8 > "$work/qft8.qasm"

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# peak KiB and seconds of one run, as "KIB SECONDS"
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - start)
PY
}
state_mib=$(python3 -c "print(2**$qubits * 16 / 2**20)")
printf 'random: %s qubits (state %.0f MiB); qft8: 8 qubits; 1 rank, medians of %s (/state: of the random state)\n' \
  "$qubits" "$state_mib" "$repeats"
printf '%-34s %10s %9s %11s %8s\n' case "peak MiB" seconds "/reference" "/state"
reference=""
row() { # circuit label options...: one row; the first row of a circuit is its reference
  local circuit=$1 label=$2 runs kib seconds
  shift 2
  runs=$(for _ in $(seq "$repeats"); do measure "$qzone" run "$work/$circuit.qasm" "$@" --output "$work/result.json"; done)
  kib=$(cut -d' ' -f1 <<<"$runs" | median)
  seconds=$(cut -d' ' -f2 <<<"$runs" | median)
  [ -z "$reference" ] && reference=$kib
  python3 -c "k=$kib; print('%-34s %10.0f %9.2f %11.2f %8.2f' % ('$circuit: $label', k/1024, $seconds, k/$reference, k/1024/$state_mib))"
}
row random "reference (no shots)" --shots 0
row random "--amplitudes" --shots 0 --amplitudes
row random "--probabilities" --shots 0 --probabilities
reference=""
row qft8 "reference (no shots)" --shots 0
row qft8 "$shots shots" --shots "$shots"
