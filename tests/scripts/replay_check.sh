#!/usr/bin/env bash
# replay_check.sh QZONE CIRCUIT WORK_DIR
# Records the per-step fingerprints of CIRCUIT on 2 ranks, verifies them on
# 3 ranks (must pass), then changes one gate's angle in a copy and verifies
# that: it must stop with exit code 4 naming that gate's step. CIRCUIT must
# have one operation per line after 6 lines of preamble (qft.qasm does).
set -uo pipefail
qzone=$1 circuit=$2 work=$3
fail() { echo "replay_check: FAILED: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
mpiexec -n 2 "$qzone" run "$circuit" --shots 10 --replay record "$work/steps.txt" --output "$work/result.json" || fail "record"
[ "$(wc -l < "$work/steps.txt")" -gt 10 ] || fail "the recording is empty"
mpiexec -n 3 "$qzone" run "$circuit" --shots 10 --replay verify "$work/steps.txt" --output "$work/result.json" \
  || fail "verifying the same circuit on 3 ranks"
# The first phase controlled by q[0], which is 1 in qft.qasm's input, so the
# change reaches the state (a phase controlled by a |0> qubit would not).
line=$(grep -n -m1 'cu1(pi/[0-9]*) q\[0\]' "$circuit" | cut -d: -f1)
[ -n "$line" ] || fail "no gate to change in $circuit"
sed "${line}s|cu1(pi/\([0-9]*\))|cu1(pi/\1+0.1)|" "$circuit" > "$work/changed.qasm"
output=$(mpiexec -n 3 "$qzone" run "$work/changed.qasm" --shots 10 --replay verify "$work/steps.txt" --output "$work/result.json" 2>&1)
status=$?
[ "$status" -ne 0 ] || fail "the changed circuit verified"
grep -q "replay diverges at step $((line - 6)): expected fingerprint 0x[0-9a-f]*, got 0x[0-9a-f]*" <<<"$output" \
  || fail "no divergence named at step $((line - 6)): $output"
echo "replay_check: recording verified on another rank count; a changed gate diverges at step $((line - 6)) as named"
