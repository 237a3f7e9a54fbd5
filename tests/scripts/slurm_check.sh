#!/usr/bin/env bash
# slurm_check.sh QZONE SOURCE_DIR WORK_DIR [PYTHON]
# On a one-node Slurm cluster of its own (tests/slurm/start-slurm.sh),
# submits examples/slurm/*.sbatch with sbatch and checks the results:
#  - simple.sbatch: the adder's counts, and the Slurm job id in the result;
#  - sweep.sbatch: four array tasks, each with Grover's answer;
#  - requeue.sbatch: survives its time limit by checkpointing and requeueing
#    itself, and ends with the fingerprint and counts of an uninterrupted run;
#  - batch.sbatch: a batch that outlives its time limit: stopped, requeued,
#    and every task in the results once, as `qzone run` gives it;
#  - python.sbatch: examples/python/qiskit_example.py on 2 tasks, when PYTHON
#    is an interpreter with qzone installed (the python_package test's venv).
# Exit 77 (skipped, with the reason) without root or the Slurm packages.
set -uo pipefail
qzone=$1 source=$2 work=$3 python=${4:-}
state="$work/cluster"
fail() { echo "slurm_check: FAILED: $*"; for f in "$work"/*.out; do [ -e "$f" ] && { echo "== $f"; tail -n 20 "$f"; }; done; exit 1; }
rm -rf "$work" && mkdir -p "$work"
"$source/tests/slurm/start-slurm.sh" "$state"
status=$?
[ "$status" -eq 77 ] && exit 77
[ "$status" -eq 0 ] || fail "the cluster did not start"
trap '"$source/tests/slurm/stop-slurm.sh" "$state"' EXIT
export SLURM_CONF="$state/slurm.conf" # the test cluster's own configuration
cd "$work" || exit 1
export QZONE="$qzone"
circuits="$source/examples/circuits" scripts="$source/examples/slurm"
field() { scontrol show job -o "$1" 2> /dev/null | grep -oE "$2=[^ ]+" | head -n 1 | cut -d= -f2; }

# Waits (at most $2 seconds) until job $1 completes. A requeued job is held
# back by Slurm for two minutes before it may start again; that pause is
# Slurm's policy, not the job's, so the test lifts it, but only once the job
# has been pending 5 s: a restart within the second of the requeue gets a
# job credential no newer than the revocation of the old one, and Slurm
# kills it ("Job credential revoked").
wait_for() {
  local job=$1 limit=$2 start=$SECONDS pending_since=""
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    case "$(field "$job" JobState)" in
      COMPLETED) return 0 ;;
      FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL)
        # A job being requeued passes through such states: believe it only if it stays.
        sleep 3
        case "$(field "$job" JobState)" in FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL) return 1 ;; esac ;;
      PENDING)
        if [ "$(field "$job" Reason)" = "BeginTime" ]; then
          pending_since=${pending_since:-$SECONDS}
          [ $((SECONDS - pending_since)) -ge 5 ] && scontrol update JobId="$job" StartTime=now 2> /dev/null
        fi ;;
      *) pending_since="" ;;
    esac
    sleep 1
  done
  return 1
}
counts_of() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("fingerprint"), sorted(d["counts"].items()))' "$1"; }

job=$(sbatch --parsable "$scripts/simple.sbatch" "$circuits/adder.qasm" 200) || fail "sbatch simple.sbatch"
wait_for "$job" 120 || fail "simple job $job: $(field "$job" JobState)"
grep -q '"10000": 200' "qzone-$job.json" || fail "simple job: wrong counts"
grep -q "\"job_id\": \"$job\"" "qzone-$job.json" || fail "simple job: no Slurm job id in the result"
echo "slurm_check: simple.sbatch: job $job counted 10000 x 200 and recorded its job id"

array=$(sbatch --parsable "$scripts/sweep.sbatch" "$circuits/grover.qasm" 500) || fail "sbatch sweep.sbatch"
for task in 0 1 2 3; do wait_for "${array}_${task}" 180 || fail "array task $task: $(field "${array}_${task}" JobState)"; done
for task in 0 1 2 3; do
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["counts"].get("101",0) > 400 and d["seed"] == int(sys.argv[2]) else 1)' \
    "sweep-$array-$task.json" "$task" || fail "array task $task: unexpected result"
done
echo "slurm_check: sweep.sbatch: 4 array tasks, each found 101 with its own seed"

python3 "$circuits/random_circuit.py" --qubits 20 --depth 5500 --seed 4 > long.qasm # ~36 s on 2 ranks: past the warning at 20 s
job=$(sbatch --parsable "$scripts/requeue.sbatch" long.qasm 300) || fail "sbatch requeue.sbatch"
wait_for "$job" 900 || fail "requeue job $job: $(field "$job" JobState)"
restarts=$(field "$job" Restarts)
[ "${restarts:-0}" -ge 1 ] || fail "the long job was never interrupted and requeued"
mpiexec -n 2 "$qzone" run long.qasm --shots 300 --output reference.json > /dev/null || fail "reference run"
[ "$(counts_of "long-$job.json")" = "$(counts_of reference.json)" ] || fail "the requeued job's result differs from an uninterrupted run"
echo "slurm_check: requeue.sbatch: requeued $restarts time(s) at its time limit, same fingerprint and counts as an uninterrupted run"
# A batch of ~35 s on 2 tasks: past the warning at 20 s, requeued, completed.
python3 "$circuits/random_circuit.py" --qubits 19 --depth 170 --seed 8 > task.qasm
for i in $(seq 1 64); do echo "{\"id\": \"t$i\", \"circuit\": \"task.qasm\", \"shots\": 50, \"seed\": $i}"; done > tasks.jsonl
job=$(sbatch --parsable "$scripts/batch.sbatch" tasks.jsonl) || fail "sbatch batch.sbatch"
wait_for "$job" 900 || fail "batch job $job: $(field "$job" JobState)"
restarts=$(field "$job" Restarts)
[ "${restarts:-0}" -ge 1 ] || fail "the batch job was never stopped and requeued"
for i in 1 32 64; do
  mpiexec -n 1 "$qzone" run task.qasm --shots 50 --seed "$i" --output "task-$i.json" < /dev/null > /dev/null 2>&1 \
    || fail "qzone run of task t$i"
done
python3 - "batch-$job.jsonl" <<'PY' || fail "the requeued batch's results are not every task once, as qzone run gives them"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ids = [r["id"] for r in lines]
assert sorted(ids) == sorted("t%d" % i for i in range(1, 65)), "tasks missing or twice"
r = {x["id"]: x for x in lines}
assert all(x["status"] == "completed" for x in lines)
for i in (1, 32, 64):
    run = json.load(open("task-%d.json" % i))
    assert r["t%d" % i]["counts"] == run["counts"] and r["t%d" % i]["fingerprint"] == run["fingerprint"], i
PY
echo "slurm_check: batch.sbatch: requeued $restarts time(s) at its time limit, 64 tasks each once, equal to qzone run"
if [ -n "$python" ] && "$python" -c "import qzone, qiskit" 2> /dev/null; then
  job=$(PYTHON="$python" sbatch --parsable --export=ALL "$scripts/python.sbatch" "$source/examples/python/qiskit_example.py") \
    || fail "sbatch python.sbatch"
  wait_for "$job" 300 || fail "python job $job: $(field "$job" JobState)"
  grep -q "on 2 rank(s)" "qzone-python-$job.out" && grep -q "agrees with qiskit.quantum_info" "qzone-python-$job.out" \
    || fail "python job: $(tail -n 5 "qzone-python-$job.out")"
  echo "slurm_check: python.sbatch: the Qiskit example ran on 2 tasks and agreed with qiskit.quantum_info"
else
  echo "slurm_check: python.sbatch not tried: no Python with qzone and qiskit at '$python'"
fi
echo "slurm_check: all checks passed"
