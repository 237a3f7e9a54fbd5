#!/usr/bin/env bash
# bench/plan_vs_run.sh [QZONE]
# `qzone plan` against measured runs, then projections to 1,024 ranks.
#
# The machine model is measured once, by `mpirun -np 2 qzone plan`.
# 1. For QFT-24, random-24 (depth 10), quantum volume 22 (depth 10) and
#    QFT-20 with a preparation layer on 1-4 ranks, with and without
#    node-shared memory: bytes MPI carried (--metrics) against bytes_through_mpi
#    planned, and the median of 3 simulation times against predicted_seconds.
# 2. Weak scaling, 2^24 amplitudes per rank, 1 to 1,024 ranks on nodes of 64
#    ranks (one core each, 512 GiB, 12.5 GB/s between nodes): QFT, random
#    brickwork (depth 10) and quantum volume (depth 10) on 24 + log2(R)
#    qubits, with the time `qzone plan` itself takes.
# Run nothing else meanwhile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
qzone=${1:-$here/../build/bin/qzone}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
circuit_of() { python3 "$here/make_circuit.py" "$@"; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
circuit_of qft 24 > "$work/qft24.qasm"
circuit_of random 24 > "$work/random24.qasm"
circuit_of qv 22 --depth 10 > "$work/qv22.qasm"
circuit_of qft-prep 20 > "$work/qft-prep20.qasm"
# The model, measured on two ranks (MPI within this node measured too).
mpiexec -n 2 "$qzone" plan "$work/qft24.qasm" --ranks 1 --json > "$work/machine.json"

echo "qzone plan against runs on this machine ($(nproc) cores); times: median of 3 simulate_seconds"
printf '%-11s %5s %-7s %14s %14s %9s %9s %6s\n' circuit ranks memory "bytes (run)" "bytes (plan)" "run (s)" "plan (s)" ratio
for circuit in qft24 random24 qv22 qft-prep20; do
  for ranks in 1 2 3 4; do
    for shared in "" --no-node-shared-memory; do
      times=()
      for repeat in 1 2 3; do
        mpiexec -n "$ranks" "$qzone" run "$work/$circuit.qasm" --shots 0 $shared \
          --metrics "$work/metrics.json" --output "$work/result.json" 2> /dev/null
        times+=("$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['timings']['simulate_seconds'])" "$work/result.json")")
      done
      "$qzone" plan "$work/$circuit.qasm" --ranks "$ranks" $shared --machine "$work/machine.json" --json > "$work/plan.json"
      python3 - "$work" "$circuit" "$ranks" "${shared:+mpi}" "${times[@]}" <<'PY'
import json, statistics, sys
work, circuit, ranks, route = sys.argv[1:5]
run = statistics.median(float(t) for t in sys.argv[5:])
metrics = json.load(open(f"{work}/metrics.json"))
plan = json.load(open(f"{work}/plan.json"))
print(f"{circuit:11s} {ranks:>5s} {route or 'shared':7s} {metrics['total']['bytes_exchanged']:14d} "
      f"{plan['bytes_through_mpi']:14.0f} {run:9.3f} {plan['predicted_seconds']:9.3f} {plan['predicted_seconds'] / run:6.2f}")
PY
    done
  done
done

echo
echo "weak scaling: 2^24 amplitudes (256 MiB) per rank, nodes of 64 ranks, 12.5 GB/s between nodes"
printf '%-7s %5s %6s %6s %7s %14s %14s %11s %11s %9s\n' circuit ranks qubits nodes stages "within (GB)" "between (GB)" "passes (s)" "exch. (s)" "plan (s)"
for kind in qft random qv; do
  for log in 0 2 4 6 8 10; do
    ranks=$((1 << log)) n=$((24 + log))
    case $kind in
      qft) circuit_of qft "$n" > "$work/c.qasm" ;;
      random) circuit_of random "$n" --depth 10 > "$work/c.qasm" ;;
      qv) circuit_of qv "$n" --depth 10 > "$work/c.qasm" ;;
    esac
    per_node=$((ranks < 64 ? ranks : 64))
    start=$(date +%s.%N)
    "$qzone" plan "$work/c.qasm" --ranks "$ranks" --ranks-per-node "$per_node" --machine "$work/machine.json" \
      --cores-per-node 64 --memory-per-node 512GiB --json > "$work/plan.json"
    end=$(date +%s.%N)
    python3 - "$work/plan.json" "$kind" "$(elapsed "$start" "$end")" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:7s} {p['ranks']:5d} {p['qubits']:6d} {p['nodes']:6d} {p['exchange_stages']:7d} "
      f"{p['bytes_within_nodes'] / 1e9:14.1f} {p['bytes_between_nodes'] / 1e9:14.1f} {p['compute_seconds']:11.2f} "
      f"{p['exchange_seconds']:11.2f} {float(sys.argv[3]):9.2f}")
PY
  done
done

echo
echo "planning time: 1,024 ranks, 40 qubits, about 1,000 gates (measuring this machine included)"
circuit_of random 40 --depth 17 > "$work/r40.qasm"
for circuit in r40; do
  start=$(date +%s.%N)
  "$qzone" plan "$work/$circuit.qasm" --ranks 1024 --ranks-per-node 64 --json > "$work/plan.json"
  end=$(date +%s.%N)
  start2=$(date +%s.%N)
  "$qzone" plan "$work/$circuit.qasm" --ranks 1024 --ranks-per-node 64 --machine "$work/machine.json" --json > /dev/null
  end2=$(date +%s.%N)
  echo "$(grep -c ';' "$work/$circuit.qasm") lines: $(elapsed "$start" "$end") s measuring and planning, $(elapsed "$start2" "$end2") s with --machine"
done
