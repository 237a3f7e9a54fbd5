#!/usr/bin/env bash
# precision.sh QZONE [QUBITS] [RANKS] [REPEATS]
# Single against double precision: memory and speed, in one run.
#
#   bench/precision.sh build/bin/qzone 31 2 3
#
# Memory: the largest state of each precision on RANKS ranks of this node
# (QUBITS in single, QUBITS-1 in double; a QUBITS-qubit double state must be
# refused up front, exit 6), a GHZ circuit with 100 shots; the node's peak
# memory in use while it runs (MemAvailable sampled every 0.1 s, against the
# value before) over the state's bytes. Speed: random brickwork and QFT on 24
# qubits (bench/make_circuit.py), 1 and 2 ranks, median simulation time of
# REPEATS runs in each precision and the ratio; the plan's passes in both
# (identical plans: the ratio is the kernels'). Run nothing else meanwhile.
set -euo pipefail
qzone=$(realpath "$1")
qubits=${2:-31}
ranks=${3:-2}
repeats=${4:-3}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_MCA_rmaps_base_oversubscribe=1

available_kib() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# peak_memory N PRECISION: runs GHZ-N and prints "seconds peak_bytes"
peak_memory() {
  local n=$1 precision=$2 before lowest now pid
  python3 "$here/make_circuit.py" ghz "$n" > "$work/ghz$n.qasm"
  before=$(available_kib); lowest=$before
  mpiexec -n "$ranks" "$qzone" run "$work/ghz$n.qasm" --shots 100 --precision "$precision" \
    --output "$work/ghz.json" > /dev/null &
  pid=$!
  while kill -0 "$pid" 2> /dev/null; do
    now=$(available_kib); [ "$now" -lt "$lowest" ] && lowest=$now
    sleep 0.1
  done
  wait "$pid"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings"]["simulate_seconds"], end=" ")' "$work/ghz.json"
  echo $(( (before - lowest) * 1024 ))
}

echo "memory on $ranks ranks (MemAvailable before: $(( $(available_kib) / 1024 / 1024 )) GiB)"
for case in "$qubits single 8" "$((qubits - 1)) double 16"; do
  read -r n precision bytes <<<"$case"
  read -r seconds peak <<<"$(peak_memory "$n" "$precision")"
  state=$(( bytes << n ))
  awk -v n="$n" -v p="$precision" -v s="$state" -v m="$peak" -v t="$seconds" 'BEGIN {
    printf "  %2d qubits %-6s state %6.2f GiB, node peak %6.2f GiB = %.3f x state, simulate %.1f s\n",
           n, p, s / 2^30, m / 2^30, m / s, t }'
done
python3 "$here/make_circuit.py" ghz "$qubits" > "$work/refused.qasm"
status=0
mpiexec -n "$ranks" "$qzone" run "$work/refused.qasm" --shots 1 --output "$work/refused.json" \
  > /dev/null 2> "$work/refused.err" || status=$?
echo "  $qubits qubits double: exit $status: $(grep -m1 -o 'a [0-9]*-qubit state.*' "$work/refused.err" | cut -c1-150)"

echo "speed, 24 qubits, median of $repeats (simulation seconds; double / single)"
printf '  %-7s %5s %9s %9s %7s %7s\n' circuit ranks double single ratio passes
for kind in random qft; do
  python3 "$here/make_circuit.py" "$kind" 24 > "$work/$kind.qasm"
  for r in 1 2; do
    declare -A time
    for precision in double single; do
      time[$precision]=$(for _ in $(seq "$repeats"); do
        mpiexec -n "$r" --bind-to core "$qzone" run "$work/$kind.qasm" --shots 0 --precision "$precision" \
          --output "$work/r.json" > /dev/null
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings"]["simulate_seconds"])' "$work/r.json"
      done | median)
    done
    passes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plan"]["passes"])' "$work/r.json")
    awk -v k="$kind" -v r="$r" -v d="${time[double]}" -v s="${time[single]}" -v p="$passes" \
      'BEGIN {printf "  %-7s %5d %9.3f %9.3f %6.2fx %7d\n", k, r, d, s, d / s, p}'
  done
done
