#!/usr/bin/env bash
# batch_check.sh QZONE CIRCUITS WORK_DIR
# qzone batch (docs/batch.md):
#  1. every completed task equals `qzone run` of its circuit, seed and shots
#     (counts and fingerprint), on 1-4 ranks with groups of 1 and 2;
#  2. broken tasks fail with their message, the others complete, exit code 7;
#  3. kill -9 of one rank mid-batch, then the same command: every task in the
#     results exactly once, with the uninterrupted results; a line cut short
#     (at the end, or in the middle with another group's line glued to it) is
#     dropped and its task run again, and the file is rewritten clean;
#  4. SIGTERM to mpirun: the tasks in flight stop at their next boundary, the
#     summary is printed; SIGUSR1 to one rank stops every group; a results
#     file above 1 GiB is read on restart; sweep values stay finite and a
#     sweep of 10^6 points over a 10 KB program runs in bounded memory.
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
# A line cut short in the middle, the next result glued to it, and another
# at the end: both dropped, their tasks run again, the file rewritten clean.
python3 - <<'PY'
lines = open("uninterrupted.jsonl").read().splitlines()
torn = lines[:10] + [lines[10][:40] + lines[11]] + lines[12:] + [lines[20][:30]]
open("torn.jsonl", "w").write("\n".join(torn[:-1]) + "\n" + torn[-1])
PY
timeout 300 mpiexec -n 3 "$qzone" batch long.jsonl --output torn.jsonl > torn.json 2> torn.log || fail "the batch after torn lines: $(tail -3 torn.log)"
grep -q "2 result line(s) cut short by an earlier run were dropped" torn.log || fail "torn lines not reported: $(cat torn.log)"
python3 - <<'PY' || fail "after torn lines the results are not every task once, as uninterrupted"
import json, sys
a = {j["id"]: (j["counts"], j["fingerprint"]) for j in map(json.loads, open("uninterrupted.jsonl"))}
lines = [json.loads(l) for l in open("torn.jsonl")]
if len(lines) != 60 or {j["id"]: (j["counts"], j["fingerprint"]) for j in lines} != a: sys.exit("differ")
if json.load(open("torn.json"))["tasks"]["completed"] != 1: sys.exit("not exactly the torn task ran again")
PY
echo "batch_check: a line torn in the middle and one at the end: dropped, their task run again, the file clean"

# SIGTERM to mpirun (it kills the ranks soon after): tasks in flight stop at
# their next boundary, the summary is printed, the same command completes.
python3 "$circuits/random_circuit.py" --qubits 22 --depth 200 --seed 8 > r22.qasm
printf '{"id": "big", "circuit": "r22.qasm", "shots": 10}\n{"id": "small", "circuit": "ghz.qasm", "shots": 10}\n' > big.jsonl
rm -f terminated.jsonl
mpiexec -n 2 "$qzone" batch big.jsonl --output terminated.jsonl --group-size 2 > terminated.json 2> terminated.log &
pid=$!
sleep 2
kill -TERM "$pid"
wait "$pid"
python3 -c 'import json,sys; t=json.load(open("terminated.json"))["tasks"]; sys.exit(t["not_run"] < 1)' \
  || fail "SIGTERM to mpirun: no summary with the interrupted task not run: $(cat terminated.json | head -5) $(tail -3 terminated.log)"
[ ! -s terminated.jsonl ] || ! grep -q '"id":"big"' terminated.jsonl || fail "SIGTERM: the big task was recorded as run"
timeout 300 mpiexec -n 2 "$qzone" batch big.jsonl --output terminated.jsonl > /dev/null 2>&1 || fail "the batch after SIGTERM"
[ "$(grep -c '"status":"completed"' terminated.jsonl)" -eq 2 ] || fail "after SIGTERM and a restart: $(cut -c1-80 terminated.jsonl)"
echo "batch_check: SIGTERM to mpirun: the task in flight stopped, summary printed; the same command completed both"

# SIGUSR1 to one rank: every group stops claiming, exit 3.
rm -f one-rank.jsonl
mpiexec -n 3 "$qzone" batch long.jsonl --output one-rank.jsonl > /dev/null 2> one-rank.log &
pid=$!
sleep 1.5
victim=$(pgrep -f "qzone batch long.jsonl --output one-rank.jsonl" | grep -v "^$pid\$" | tail -1)
[ -n "$victim" ] && kill -USR1 "$victim" || fail "no rank to signal: the batch ended too soon"
timeout 60 tail --pid="$pid" -f /dev/null
wait "$pid"
status=$?
[ "$status" -eq 3 ] || fail "SIGUSR1 to one rank: exit code $status, expected 3 (every group stopped): $(tail -3 one-rank.log)"
[ "$(wc -l < one-rank.jsonl)" -lt 60 ] || fail "SIGUSR1 to one rank came after the batch ended; nothing was tested"
echo "batch_check: SIGUSR1 to one rank stopped all 3 groups after $(wc -l < one-rank.jsonl) of 60 results"

# A results file above 1 GiB (long lines of padding, as amplitudes make
# them) is read on restart, where before it was refused.
free_kib=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ "$free_kib" -gt 4000000 ]; then
  python3 - <<'PY'
pad = "0" * (16 << 20)
with open("huge.jsonl", "w") as out:
    for i in range(70):  # 70 x 16 MiB: 1.1 GiB
        out.write('{"id": "pad-%d", "status": "completed", "padding": "%s"}\n' % (i, pad))
    out.write(open("uninterrupted.jsonl").read())
PY
  timeout 300 mpiexec -n 2 "$qzone" batch long.jsonl --output huge.jsonl > huge.json 2> huge.log || fail "a 1.1 GiB results file: $(tail -3 huge.log)"
  python3 -c 'import json,sys; t=json.load(open("huge.json"))["tasks"]; sys.exit(t["already_done"] != 130 or t["completed"] != 0)' \
    || fail "a 1.1 GiB results file: $(cat huge.json | head -12)"
  rm -f huge.jsonl
  echo "batch_check: a 1.1 GiB results file was read on restart"
else
  echo "batch_check: the 1.1 GiB results file was not tried (under 4 GB free)"
fi

# Sweeps: values over the whole double range stay finite; 10^6 points over
# a 10 KB program are made when claimed (bounded memory), stopped by SIGUSR1.
python3 - <<'PY'
import json
body = 'OPENQASM 2.0; include "qelib1.inc"; input float theta; qreg q[1]; creg c[1]; rx(theta) q[0]; measure q -> c; '
open("range.jsonl", "w").write(json.dumps({"id": "r", "qasm": body, "shots": 5, "sweep": {"theta": {"start": -1e308, "stop": 1e308, "num": 5}}}) + "\n")
open("million.jsonl", "w").write(json.dumps({"id": "m", "qasm": body + "// " + "x" * 10000, "shots": 1, "sweep": {"theta": {"start": 0, "stop": 1, "num": 1000000}}}) + "\n")
PY
rm -f range-results.jsonl million-results.jsonl
timeout 60 mpiexec -n 2 "$qzone" batch range.jsonl --output range-results.jsonl > /dev/null 2>&1 || fail "the sweep over the double range"
python3 - <<'PY' || fail "a sweep value is not finite: $(cut -c1-200 range-results.jsonl)"
import json, math, sys
# Groups finish in any order: take the values in task order.
tasks = sorted((json.loads(l) for l in open("range-results.jsonl")), key=lambda t: t["id"])
values = [t["parameters"]["theta"] for t in tasks]
sys.exit(len(values) != 5 or not all(math.isfinite(v) for v in values) or values[0] != -1e308 or values[-1] != 1e308)
PY
mpiexec -n 2 "$qzone" batch million.jsonl --output million-results.jsonl > /dev/null 2>&1 &
pid=$!
sleep 3
peak=0
for rank in $(pgrep -f "qzone batch million.jsonl"); do
  kib=$(awk '/VmHWM/ { print $2 }' /proc/"$rank"/status 2> /dev/null)
  [ "${kib:-0}" -gt "$peak" ] && peak=$kib
done
kill -USR1 "$pid"
wait "$pid"
[ "$peak" -gt 0 ] && [ "$peak" -lt 500000 ] || fail "a 10^6-point sweep of a 10 KB program: peak $peak KiB per rank"
echo "batch_check: sweeps: finite values over the double range; 10^6 points of a 10 KB program at $((peak / 1024)) MiB per rank"
[ "$failures" -eq 0 ] || { echo "batch_check: $failures failure(s)"; exit 1; }
echo "batch_check: all checks passed"
