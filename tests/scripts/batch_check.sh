#!/usr/bin/env bash
# batch_check.sh QZONE CIRCUITS WORK_DIR
# qzone batch (docs/batch.md):
#  1. every completed task equals `qzone run` of its circuit, seed and shots
#     (counts and fingerprint), on 1-4 ranks with groups of 1 and 2;
#  2. broken tasks fail with their message, the others complete, exit code 7;
#  3. kill -9 of one rank mid-batch, then the same command: every task in the
#     results exactly once, with the uninterrupted results; a last line cut
#     short is dropped and its task run again.
set -uo pipefail
qzone=$1 circuits=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
failures=0
fail() { echo "batch_check: FAILED: $*"; failures=$((failures + 1)); }
cp "$circuits/ghz.qasm" "$circuits/qft.qasm" "$circuits/teleport.qasm" .
python3 "$circuits/random_circuit.py" --qubits 12 --depth 20 --seed 3 > r12.qasm
cat > manifest.jsonl <<'JSON'
{"id": "ghz", "circuit": "ghz.qasm", "shots": 100, "seed": 3}
{"id": "qft", "circuit": "qft.qasm", "shots": 200, "seed": 4, "expect": ["Z0 Z1"]}
{"id": "teleport", "circuit": "teleport.qasm", "shots": 50, "seed": 5}
{"id": "r12-1", "circuit": "r12.qasm", "seed": 1}
{"id": "r12-2", "circuit": "r12.qasm", "seed": 2}
{"id": "bad-qasm", "qasm": "OPENQASM 2.0; qreg q[2]; bogus q[0];"}
{"id": "missing", "circuit": "nope.qasm"}
not json
{"id": "unknown-field", "circuit": "ghz.qasm", "colour": "red"}
JSON
# What `qzone run` gives for each good task.
declare -A reference
while read -r id file shots seed; do
  timeout 60 mpiexec -n 1 "$qzone" run "$file" --shots "$shots" --seed "$seed" --output "run-$id.json" < /dev/null > /dev/null 2>&1 \
    || fail "qzone run of $id"
done <<'LIST'
ghz ghz.qasm 100 3
qft qft.qasm 200 4
teleport teleport.qasm 50 5
r12-1 r12.qasm 1024 1
r12-2 r12.qasm 1024 2
LIST
compare() { # results.jsonl: each completed task as qzone run; the broken ones failed with their message
  python3 - "$1" <<'PY'
import json, sys
results = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["id"] in results: sys.exit("task %s appears twice" % r["id"])
    results[r["id"]] = r
expected_failures = {"bad-qasm": "unknown gate 'bogus'", "missing": "cannot open the circuit", "8": "line 8: not JSON",
                     "unknown-field": "unknown field 'colour'"}
for id, text in expected_failures.items():
    r = results.get(id)
    if not r or r["status"] != "failed" or text not in r["error"]: sys.exit("task %s: expected a failure with %r, got %r" % (id, text, r))
for id in ["ghz", "qft", "teleport", "r12-1", "r12-2"]:
    r, run = results.get(id), json.load(open("run-%s.json" % id))
    if not r or r["status"] != "completed": sys.exit("task %s did not complete: %r" % (id, r))
    if r["counts"] != run["counts"] or r.get("fingerprint") != run.get("fingerprint"):
        sys.exit("task %s differs from qzone run" % id)
if len(results) != 9: sys.exit("%d results, expected 9" % len(results))
PY
}
for setting in "1 1" "2 1" "3 1" "4 1" "2 2" "3 2" "4 2"; do
  read -r ranks group <<<"$setting"
  rm -f results.jsonl
  timeout --kill-after=5 120 mpiexec -n "$ranks" "$qzone" batch manifest.jsonl --output results.jsonl \
    --group-size "$group" > summary.json 2> log.txt
  status=$?
  [ "$status" -eq 7 ] || { fail "np$ranks groups of $group: exit code $status, expected 7"; cat log.txt; }
  problem=$(compare results.jsonl 2>&1) || fail "np$ranks groups of $group: $problem"
  echo "batch_check: $ranks rank(s) in groups of $group: results equal qzone run, broken tasks failed, exit 7"
done

# Parameters: a sweep of ry(theta) gives P(1) = sin^2(theta/2) within 5 sigma,
# and its middle point equals qzone run with --param.
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\ninput float theta;\nqreg q[1];\ncreg c[1];\nry(theta) q[0];\nmeasure q[0] -> c[0];\n' > ry.qasm
cat > sweep.jsonl <<'JSON'
{"id": "ry", "circuit": "ry.qasm", "shots": 4000, "seed": 2, "sweep": {"theta": {"start": 0, "stop": 3.141592653589793, "num": 5}}}
{"id": "unbound", "circuit": "ry.qasm"}
{"id": "extra", "circuit": "ry.qasm", "parameters": {"theta": 1, "phi": 2}}
JSON
timeout 120 mpiexec -n 2 "$qzone" batch sweep.jsonl --output sweep-results.jsonl > /dev/null 2>&1
[ $? -eq 7 ] || fail "sweep: exit code, expected 7 (two tasks fail)"
timeout 60 mpiexec -n 1 "$qzone" run ry.qasm --param theta=1.5707963267948966 --shots 4000 --seed 2 --output ry-run.json \
  < /dev/null > /dev/null 2>&1 || fail "qzone run --param"
python3 - <<'PY' || fail "sweep: results"
import json, math
r = {j["id"]: j for j in map(json.loads, open("sweep-results.jsonl"))}
for k in range(5):
    t = r["ry#%d" % k]
    theta = math.pi * k / 4
    assert t["status"] == "completed" and abs(t["parameters"]["theta"] - theta) < 1e-15, t
    p = math.sin(theta / 2) ** 2
    assert abs(t["counts"].get("1", 0) / 4000 - p) <= 5 * math.sqrt(p * (1 - p) / 4000) + 1e-12, (k, t["counts"])
assert r["ry#2"]["counts"] == json.load(open("ry-run.json"))["counts"]
assert "input 'theta' has no value" in r["unbound"]["error"], r["unbound"]
assert "declares no input 'phi'" in r["extra"]["error"], r["extra"]
PY
echo "batch_check: a 5-point sweep matches sin^2(theta/2) and qzone run --param; unbound and unknown parameters fail"

# --task-timeout: a long task fails, its group goes on with the next.
python3 "$circuits/random_circuit.py" --qubits 18 --depth 600 --seed 7 > slow.qasm
printf '%s\n' '{"id": "slow", "circuit": "slow.qasm"}' '{"id": "quick", "circuit": "ghz.qasm", "shots": 100, "seed": 3}' \
  > timeout.jsonl
timeout 120 mpiexec -n 1 "$qzone" batch timeout.jsonl --output timeout-results.jsonl --task-timeout 0.5 > /dev/null 2>&1
status=$?
[ "$status" -eq 7 ] || fail "--task-timeout: exit code $status, expected 7"
python3 - <<'PY' || fail "--task-timeout: the slow task did not time out or the quick one did not run after it"
import json, sys
r = {j["id"]: j for j in map(json.loads, open("timeout-results.jsonl"))}
assert r["slow"]["status"] == "failed" and "timed out after 0.5 s (stopped at step" in r["slow"]["error"], r["slow"]
assert r["slow"]["seconds"] < 5 and r["quick"]["status"] == "completed", r
PY
echo "batch_check: --task-timeout 0.5 failed the slow task within $(python3 -c 'import json; print(round([json.loads(l) for l in open("timeout-results.jsonl") if "slow" in l][0]["seconds"], 2))') s; the next ran"

# 3. kill -9 of one rank, then the same command.
python3 "$circuits/random_circuit.py" --qubits 18 --depth 40 --seed 6 > r18.qasm
for i in $(seq 1 60); do echo "{\"id\": \"r18-$i\", \"circuit\": \"r18.qasm\", \"shots\": 100, \"seed\": $i}"; done > long.jsonl
timeout 300 mpiexec -n 2 "$qzone" batch long.jsonl --output uninterrupted.jsonl > /dev/null 2>&1 || fail "the uninterrupted batch"
mpiexec -n 3 "$qzone" batch long.jsonl --output killed.jsonl > /dev/null 2> killed.log &
sleep 1.5
victim=$(pgrep -f "qzone batch long.jsonl --output killed.jsonl" | grep -v "^$$\$" | tail -1)
[ -n "$victim" ] && kill -9 "$victim" || fail "no rank to kill: the batch ended too soon"
wait
before=$(wc -l < killed.jsonl)
printf '{"id": "r18-60", "status": "compl' >> killed.jsonl # a line cut short by the kill
timeout 300 mpiexec -n 2 "$qzone" batch long.jsonl --output killed.jsonl > resumed.json 2> resumed.log \
  || fail "the batch run again after kill -9: $(cat resumed.log)"
python3 - <<'PY' || fail "after kill -9 and a restart the results are not every task once, as uninterrupted"
import json, sys
def load(name):
    out = {}
    for line in open(name):
        r = json.loads(line)
        if r["id"] in out: sys.exit("task %s appears twice in %s" % (r["id"], name))
        out[r["id"]] = (r["status"], r.get("counts"), r.get("fingerprint"))
    return out
a, b = load("uninterrupted.jsonl"), load("killed.jsonl")
if len(a) != 60 or a != b: sys.exit("differ: %d vs %d tasks" % (len(a), len(b)))
PY
echo "batch_check: kill -9 after $before of 60 results; the same command completed the rest, every task once"

# SIGUSR1 (what Slurm sends before a time limit): the tasks in flight finish,
# no group claims another, exit 3; the same command completes the rest.
mpiexec -n 2 "$qzone" batch long.jsonl --output signalled.jsonl > /dev/null 2> signalled.log &
pid=$!
sleep 1.5
kill -USR1 "$pid"
wait "$pid"
status=$?
[ "$status" -eq 3 ] || fail "exit code $status after SIGUSR1, expected 3: $(tail -3 signalled.log)"
stopped=$(wc -l < signalled.jsonl)
[ "$stopped" -lt 60 ] || fail "SIGUSR1 came after the batch ended; nothing was tested"
python3 -c 'import json,sys; [json.loads(l) for l in open("signalled.jsonl")]' || fail "a result cut short after SIGUSR1"
timeout 300 mpiexec -n 3 "$qzone" batch long.jsonl --output signalled.jsonl > /dev/null 2>&1 || fail "the batch after SIGUSR1"
python3 - <<'PY' || fail "after SIGUSR1 and a restart the results are not every task once, as uninterrupted"
import json, sys
a = {j["id"]: (j["counts"], j["fingerprint"]) for j in map(json.loads, open("uninterrupted.jsonl"))}
lines = [json.loads(l) for l in open("signalled.jsonl")]
b = {j["id"]: (j["counts"], j["fingerprint"]) for j in lines}
if len(lines) != 60 or a != b: sys.exit("differ")
PY
echo "batch_check: SIGUSR1 after $stopped of 60 results: exit 3; the same command on 3 ranks completed the rest"
[ "$failures" -eq 0 ] || { echo "batch_check: $failures failure(s)"; exit 1; }
echo "batch_check: all checks passed"
