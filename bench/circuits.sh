#!/usr/bin/env bash
# circuits.sh QZONE [QUBITS] [REPEATS]
# Whole circuits, planned and gate by gate, against the simulators from PyPI
# on the same circuits and the same core count, all in one run.
#
#   bench/circuits.sh build/bin/qzone "22 24" 3
#
# For QFT and random brickwork circuits (bench/make_circuit.py) at each size:
# qzone on 1 and 2 ranks, planned (default), planned in single precision
# (--precision single: compare it with qsim) and with --no-fusion; qiskit-aer,
# qulacs, qsim (single precision: marked fp32) and pennylane-lightning with
# as many threads, each optional (a venv in bench/.venv is made on first use;
# a peer that cannot be installed is skipped with a note). Prints the median
# simulation time of REPEATS runs and qzone's speed-up over each. Then the
# exchange volume of the largest QFT and random circuit on 4 ranks without
# node-shared memory, against one state's bytes, and peak memory per rank.
# Run nothing else meanwhile.
set -euo pipefail
qzone=$(realpath "$1")
sizes=${2:-"22 24"}
repeats=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_MCA_rmaps_base_oversubscribe=1

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q qiskit-aer qulacs qsimcirq pennylane-lightning \
    || echo "note: some peers could not be installed; they are skipped"
fi

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
qzone_time() { # ranks, circuit, extra options
  local ranks=$1 circuit=$2; shift 2
  for _ in $(seq "$repeats"); do
    mpiexec -n "$ranks" --bind-to core "$qzone" run "$circuit" --shots 0 --output "$work/result.json" "$@" > /dev/null
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings"]["simulate_seconds"])' "$work/result.json"
  done | median
}

printf '%-8s %3s %5s %9s %9s %9s %s\n' circuit n cores planned single gate/gate "peers (s, planned speed-up; qsim: single's)"
for n in $sizes; do
  for kind in qft random; do
    python3 "$here/make_circuit.py" "$kind" "$n" > "$work/$kind$n.qasm"
    for cores in 1 2; do
      planned=$(qzone_time "$cores" "$work/$kind$n.qasm")
      single=$(qzone_time "$cores" "$work/$kind$n.qasm" --precision single)
      unfused=$(qzone_time "$cores" "$work/$kind$n.qasm" --no-fusion)
      peers=""
      for peer in qiskit-aer qulacs "qsim(fp32)" lightning; do
        line=$("$venv/bin/python" "$here/peers.py" "$kind" "$n" "$cores" --repeats "$repeats" --only "$peer" 2>/dev/null \
               || echo "$peer skipped: failed")
        seconds=$(awk '{print $2}' <<<"$line")
        if [[ "$seconds" =~ ^[0-9.]+$ ]]; then
          ours=$planned; [ "$peer" = "qsim(fp32)" ] && ours=$single # like for like
          peers+=" $peer $seconds ($(awk -v a="$seconds" -v b="$ours" 'BEGIN {printf "%.2fx", a / b}'))"
        else
          peers+=" [$line]"
        fi
      done
      printf '%-8s %3s %5s %9.3f %9.3f %9.3f %s\n' "$kind" "$n" "$cores" "$planned" "$single" "$unfused" "$peers"
    done
  done
done

n=$(tr ' ' '\n' <<<"$sizes" | sort -n | tail -n 1)
echo "exchange volume on 4 ranks, --no-node-shared-memory, $n qubits (one state = $((16 << n)) bytes):"
for kind in qft random; do
  for fusion in "" --no-fusion; do
    mpiexec -n 4 "$qzone" run "$work/$kind$n.qasm" --shots 0 --no-node-shared-memory $fusion \
      --metrics "$work/metrics.json" --output "$work/result.json" > /dev/null
    python3 - "$work/metrics.json" "$work/result.json" "$kind" "${fusion:-planned}" "$n" <<'PY'
import json, sys
metrics, result = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
state = 16 << int(sys.argv[5])
total = metrics["total"]["bytes_exchanged"]
peak = max(metrics["peak_memory_bytes_per_rank"])
print(f"  {sys.argv[3]:7s} {sys.argv[4]:11s} {total / 1e6:10.1f} MB = {total / state:.2f} states, "
      f"{result['plan']['exchange_stages']} stages, peak RSS per rank {peak / 2**30:.3f} GiB "
      f"(share {state / 4 / 2**30:.3f} GiB + buffer)")
PY
  done
done
