#!/usr/bin/env bash
# checkpoint_resume.sh QZONE GENERATOR WORK_DIR
# Interrupts long runs and resumes them on other rank counts; each must end
# with the same fingerprint and counts as an uninterrupted run:
#  1. SIGUSR1 to mpirun (2 ranks): exit code 3 and a checkpoint; resume on 3 ranks;
#     SIGTERM likewise (mpirun then reports 1), resumed on 4 ranks;
#  2. SIGKILL of one rank (3 ranks) after two periodic checkpoints; resume on 2 ranks;
#  3. the newest checkpoint corrupted: resume falls back to the previous one, says so.
set -euo pipefail
qzone=$1 generator=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
python3 "$generator" --qubits 18 --depth 1200 --seed 4 > "$work/long.qasm"
fail() { echo "checkpoint_resume: FAILED: $*"; exit 1; }
run() { local ranks=$1; shift; mpiexec -n "$ranks" "$qzone" run "$work/long.qasm" --shots 500 --seed 9 "$@"; }
# In the background, mpiexec itself (not a shell function) must get the signals.
background() { local ranks=$1; shift; mpiexec -n "$ranks" "$qzone" run "$work/long.qasm" --shots 500 --seed 9 "$@" & }
outcome() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["fingerprint"], sorted(d["counts"].items()))' "$1"; }
same_as_reference() { [ "$(outcome "$1")" = "$(outcome "$work/reference.json")" ] || fail "$1 differs from the uninterrupted run"; }

run 1 --output "$work/reference.json"

# Signals mpirun with $1 half a second after the 2-rank run has begun (its
# checkpoint folder exists: MPI is up and the signals are caught; a signal
# during a loaded machine's start-up would kill the ranks before they can
# write anything), expects a checkpoint and exit code $2 from mpirun, then
# resumes on $3 ranks.
interrupt_and_resume() {
  local signal=$1 expected_status=$2 ranks=$3 dir="$work/$1" status
  background 2 --checkpoint-dir "$dir" --output "$dir.json"
  local pid=$!
  for _ in $(seq 200); do [ -d "$dir" ] && break; sleep 0.05; done
  sleep 0.5
  kill "-$signal" "$pid"
  set +e; wait "$pid"; status=$?; set -e
  [ "$status" -eq "$expected_status" ] || fail "exit code $status after SIG$signal, expected $expected_status"
  ls "$dir"/checkpoint-*.qzck > /dev/null || fail "no checkpoint after SIG$signal"
  [ ! -e "$dir.json" ] || fail "an interrupted run wrote a result"
  run "$ranks" --checkpoint-dir "$dir" --resume "$dir" --output "$dir-resumed.json"
  same_as_reference "$dir-resumed.json"
  echo "checkpoint_resume: SIG$signal on 2 ranks, resumed on $ranks: same fingerprint and counts"
}

# 1. SIGUSR1, as Slurm sends before a time limit: every rank exits 3. SIGTERM
#    likewise, but mpirun, signalled itself, reports 1.
interrupt_and_resume USR1 3 3
interrupt_and_resume TERM 1 4

# 2. SIGKILL of one rank once two periodic checkpoints exist.
background 3 --checkpoint-dir "$work/kill" --checkpoint-every 6000 --output "$work/killed.json" > /dev/null 2>&1
pid=$!
for _ in $(seq 600); do
  [ "$(ls "$work/kill" 2>/dev/null | grep -c '\.qzck$')" -ge 2 ] && break
  sleep 0.1
done
[ "$(ls "$work/kill" | grep -c '\.qzck$')" -ge 2 ] || fail "no two checkpoints appeared"
pkill -KILL -n -f "qzone run $work/long.qasm" || true
set +e; wait "$pid"; status=$?; set -e
[ "$status" -ne 0 ] || fail "the killed run exited 0"
run 2 --checkpoint-dir "$work/kill" --resume "$work/kill" --output "$work/kill-resumed.json"
same_as_reference "$work/kill-resumed.json"
echo "checkpoint_resume: SIGKILL of one of 3 ranks, resumed on 2: same fingerprint and counts"

# 3. Flip a byte of the newest checkpoint's amplitudes: the previous one is used.
mkdir -p "$work/corrupt"
run 3 --checkpoint-dir "$work/corrupt" --checkpoint-every 4000 --checkpoint-keep 3 --output "$work/corrupt-run.json"
newest=$(ls "$work/corrupt"/*.qzck | sort | tail -n 1)
printf '\x5a' | dd of="$newest" bs=1 seek=$((4096 + 1234567)) conv=notrunc status=none
log=$(run 4 --resume "$work/corrupt" --output "$work/corrupt-resumed.json" 2>&1)
grep -q "do not match their checksum; trying an older checkpoint" <<<"$log" || fail "the corruption was not reported: $log"
same_as_reference "$work/corrupt-resumed.json"
echo "checkpoint_resume: corrupted newest checkpoint detected, previous one used on 4 ranks: same result"
echo "checkpoint_resume: all checks passed"
