#!/usr/bin/env bash
# plan_matches_run.sh QZONE MAKE_CIRCUIT
# `qzone plan` against `qzone run` on 1-4 ranks, with and without node-shared
# memory: the bytes MPI carries (--metrics bytes_exchanged), the exchange
# stages, the qubits they move and the passes must be exactly those planned
# (the projection plans as the run does). Then its errors: started on three
# ranks, a machine file without a figure, a circuit with a mistake: exit 2
# and a message naming what is wrong.
set -euo pipefail
qzone=$1 make_circuit=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$make_circuit" qft 13 > "$work/qft.qasm"
python3 "$make_circuit" qft-prep 13 > "$work/qft-prep.qasm"
python3 "$make_circuit" random 14 --depth 8 > "$work/random.qasm"
python3 "$make_circuit" qv 12 --depth 4 > "$work/qv.qasm"
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n' > "$work/tiny.qasm"
# One measurement (on two ranks: MPI between them too) serves every projection below.
mpiexec -n 2 "$qzone" plan "$work/qft.qasm" --ranks 1 --json > "$work/machine.json"
grep -q '"intra_node_measured": true' "$work/machine.json" || { echo "plan_matches_run: FAILED: MPI not measured on 2 ranks"; exit 1; }
checked=0
for circuit in qft qft-prep random qv tiny; do
  for ranks in 1 2 3 4; do
    for shared in "" --no-node-shared-memory; do
      mpiexec -n "$ranks" "$qzone" run "$work/$circuit.qasm" --shots 0 $shared \
        --metrics "$work/metrics.json" --output "$work/result.json" 2> /dev/null
      "$qzone" plan "$work/$circuit.qasm" --ranks "$ranks" $shared --machine "$work/machine.json" --json \
        > "$work/plan.json"
      python3 - "$work" "$circuit" "$ranks" "${shared:-shared}" <<'PY'
import json, sys
work, circuit, ranks, shared = sys.argv[1:]
metrics = json.load(open(f"{work}/metrics.json"))
result = json.load(open(f"{work}/result.json"))
plan = json.load(open(f"{work}/plan.json"))
pairs = [("bytes through MPI", metrics["total"]["bytes_exchanged"], plan["bytes_through_mpi"]),
         ("exchange stages", result["plan"]["exchange_stages"], plan["exchange_stages"]),
         ("qubits exchanged", result["plan"]["qubits_exchanged"], plan["qubits_exchanged"]),
         ("passes", result["plan"]["passes"], plan["passes"])]
for what, ran, planned in pairs:
    if ran != planned:
        sys.exit(f"plan_matches_run: FAILED: {circuit} on {ranks} ranks ({shared}): {what} ran {ran}, planned {planned}")
for key in ("memory_per_rank_bytes", "fits", "exchange_stages", "bytes_within_nodes", "bytes_between_nodes",
            "passes", "predicted_seconds"):
    if key not in plan:
        sys.exit(f"plan_matches_run: FAILED: the JSON has no {key}")
PY
      checked=$((checked + 1))
    done
  done
done
echo "plan_matches_run: $checked runs moved exactly the planned bytes, stages and passes"

expect_error() { # expect_error TEXT COMMAND...: exit 2 and TEXT on standard error
  local text=$1
  shift
  set +e
  "$@" > "$work/out.txt" 2> "$work/err.txt"
  local code=$?
  set -e
  if [ "$code" != 2 ] || ! grep -qF -- "$text" "$work/err.txt"; then
    echo "plan_matches_run: FAILED: '$*' exited $code, expected 2 and '$text'; stderr:"
    cat "$work/err.txt"
    exit 1
  fi
}
expect_error "qzone plan runs as one process" mpiexec -n 3 "$qzone" plan "$work/qft.qasm" --ranks 8
echo '{"machine": {"dense_pass_seconds_per_amplitude": {"1": 1e-9}}}' > "$work/short.json"
expect_error "dense_pass_seconds_per_amplitude.2 is missing" "$qzone" plan "$work/qft.qasm" --ranks 8 --machine "$work/short.json"
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[2];\n' > "$work/wrong.qasm"
expect_error "wrong.qasm:4:" "$qzone" plan "$work/wrong.qasm" --ranks 8 --machine "$work/machine.json"
expect_error "--ranks" "$qzone" plan "$work/qft.qasm" --ranks 0
echo "plan_matches_run: errors refused with exit code 2"
