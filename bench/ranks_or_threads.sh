#!/usr/bin/env bash
# ranks_or_threads.sh QZONE [QUBITS] [REPEATS]
#
# Whole circuits (a QFT and a random circuit of QUBITS qubits, default 24)
# run by the qzone executable QZONE on the same two cores three ways: 1 rank
# x 1 thread, 1 rank x 2 threads, 2 ranks x 1 thread. Prints the median
# simulation time of REPEATS runs (default 3, interleaved), the speed-up
# over 1 x 1, and the peak resident memory per rank against the state's
# share. Threads need a qzone built against a Kokkos with OpenMP; with a
# Serial Kokkos that configuration is skipped with a note.
set -euo pipefail
qzone=$1 qubits=${2:-24} repeats=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

python3 - "$qubits" > "$work/qft.qasm" <<'PY'
import math, sys
n = int(sys.argv[1])
print("OPENQASM 2.0;\ninclude \"qelib1.inc\";")
print(f"qreg q[{n}];\ncreg c[{n}];")
for j in range(n):
    print(f"h q[{j}];")
    for k in range(j + 1, n):
        print(f"cu1({math.pi / 2 ** (k - j)}) q[{k}],q[{j}];")
for j in range(n // 2):
    print(f"swap q[{j}],q[{n - 1 - j}];")
print("measure q -> c;")
PY
python3 "$here/../examples/circuits/random_circuit.py" --qubits "$qubits" --depth 20 --seed 7 > "$work/random.qasm"

host_space=$("$qzone" info | sed -n 's/.*"kokkos_host_execution_space": "\([^"]*\)".*/\1/p')
configurations=("1 1" "1 2" "2 1")
echo "ranks_or_threads: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
     "Kokkos host space $host_space, $qubits qubits, median of $repeats"

# One run: prints "seconds peak_bytes_per_rank(max)".
run() {
  local ranks=$1 threads=$2 circuit=$3
  "$(command -v mpiexec)" -n "$ranks" --bind-to none "$qzone" run "$circuit" --shots 100 --threads "$threads" \
    --output "$work/result.json" --metrics "$work/metrics.json" > /dev/null 2> "$work/stderr" \
    || { cat "$work/stderr" >&2; return 1; }
  python3 - "$work/result.json" "$work/metrics.json" <<'PY'
import json, sys
result, metrics = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(result["timings"]["simulate_seconds"], max(metrics["peak_memory_bytes_per_rank"]))
PY
}

for circuit in qft random; do
  declare -A times=() peaks=()
  for ((r = 0; r < repeats; ++r)); do
    for configuration in "${configurations[@]}"; do
      read -r ranks threads <<<"$configuration"
      if [ "$threads" -gt 1 ] && [ "$host_space" = "Serial" ]; then continue; fi
      read -r seconds peak < <(run "$ranks" "$threads" "$work/$circuit.qasm")
      times[$configuration]+="$seconds "
      peaks[$configuration]=$peak
    done
  done
  python3 - "$circuit" "$qubits" "$host_space" <<PY
import statistics, sys
circuit, qubits, host_space = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times = {$(for c in "${!times[@]}"; do printf '"%s": [%s], ' "$c" "$(echo ${times[$c]} | tr ' ' ',')"; done)}
peaks = {$(for c in "${!peaks[@]}"; do printf '"%s": %s, ' "$c" "${peaks[$c]}"; done)}
state = 16 * 2 ** qubits
base = statistics.median(times["1 1"])
for configuration in ["1 1", "1 2", "2 1"]:
    ranks, threads = map(int, configuration.split())
    if configuration not in times:
        print(f"  {circuit:6} {ranks} rank x {threads} threads: skipped ({host_space} Kokkos has one thread per rank)")
        continue
    median = statistics.median(times[configuration])
    share = state / ranks
    print(f"  {circuit:6} {ranks} rank x {threads} thread: {median:7.2f} s  speed-up {base / median:4.2f}  "
          f"peak RSS/rank {peaks[configuration] / 2**30:5.2f} GiB = {peaks[configuration] / share:4.2f} x share")
PY
  unset times peaks
done
