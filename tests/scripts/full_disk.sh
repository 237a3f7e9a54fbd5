#!/usr/bin/env bash
# full_disk.sh QZONE GENERATOR WORK_DIR RANKS...
# Checkpoints on a disk that fills up (a 5 MiB tmpfs; each checkpoint takes
# 4.2 MB): the run never reports success, exits 5 naming the disk, leaves the
# earlier checkpoint intact and no partial file, and that checkpoint resumes
# to the uninterrupted run's fingerprint and counts. The same when SIGUSR1
# asks for a checkpoint that no longer fits. Needs root (mount); exits 77
# (skipped) otherwise.
set -uo pipefail
qzone=$1 generator=$2 work=$3
shift 3
fail() { echo "full_disk: FAILED: $*"; failures=$((failures + 1)); }
failures=0
[ "$(id -u)" -eq 0 ] || { echo "full_disk: skipped: mounting a tmpfs needs root"; exit 77; }
rm -rf "$work" && mkdir -p "$work/disk" || exit 1
mount -t tmpfs -o size=5m qzone-full-disk "$work/disk" 2>/dev/null \
  || { echo "full_disk: skipped: cannot mount a tmpfs here"; exit 77; }
trap 'umount "$work/disk"' EXIT
python3 "$generator" --qubits 18 --depth 2000 --seed 4 > "$work/long.qasm" # ~3.5 s on 2 ranks: still running at the signal
run() { local ranks=$1; shift; timeout 300 mpiexec -n "$ranks" "$qzone" run "$work/long.qasm" --shots 300 --seed 3 "$@"; }
outcome() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["fingerprint"], sorted(d["counts"].items()))' "$1"; }
run 1 --output "$work/reference.json" || { echo "full_disk: FAILED: the reference run"; exit 1; }

for ranks in "$@"; do
  rm -rf "${work:?}/disk/"*
  # Periodic checkpoints: the first fits, the second does not.
  output=$(run "$ranks" --checkpoint-dir "$work/disk/ck" --checkpoint-every 128 --output "$work/full.json" 2>&1)
  status=$?
  [ "$status" -eq 5 ] || fail "np$ranks: exit code $status with a full disk, expected 5"
  grep -q "No space left on device; the newest complete checkpoint is $work/disk/ck/checkpoint-" <<<"$output" \
    || fail "np$ranks: the message does not name the full disk and the newest checkpoint: $output"
  [ ! -e "$work/full.json" ] || fail "np$ranks: a result was written although checkpointing failed"
  [ "$(ls "$work/disk/ck" | grep -c '\.qzck$')" -eq 1 ] || fail "np$ranks: expected one checkpoint: $(ls "$work/disk/ck")"
  ls "$work/disk/ck" | grep -q '\.tmp' && fail "np$ranks: a partial checkpoint was left behind"
  resume_ranks=$(( ranks % 3 + 1 ))
  run "$resume_ranks" --resume "$work/disk/ck" --output "$work/resumed.json" > /dev/null 2>&1 \
    || fail "np$ranks: resuming from the surviving checkpoint on $resume_ranks rank(s)"
  [ "$(outcome "$work/resumed.json")" = "$(outcome "$work/reference.json")" ] \
    || fail "np$ranks: the resumed run differs from the uninterrupted one"

  # A stop signal when the disk has no room left: exit 5, not 3 ("checkpoint written").
  rm -rf "${work:?}/disk/"*
  head -c 3000000 /dev/zero > "$work/disk/filler"
  # mpiexec itself (not timeout) must get the signal.
  mpiexec -n "$ranks" "$qzone" run "$work/long.qasm" --shots 300 --seed 3 \
    --checkpoint-dir "$work/disk/ck" --output "$work/stopped.json" > "$work/stopped.log" 2>&1 &
  pid=$!
  sleep 1.5
  kill -USR1 "$pid"
  wait "$pid"
  status=$?
  [ "$status" -eq 5 ] || fail "np$ranks: exit code $status after SIGUSR1 on a full disk, expected 5: $(cat "$work/stopped.log")"
  grep -q "No space left on device" "$work/stopped.log" || fail "np$ranks: no disk named: $(cat "$work/stopped.log")"
  [ -z "$(ls "$work/disk/ck")" ] || fail "np$ranks: files left in the checkpoint folder: $(ls "$work/disk/ck")"
  echo "full_disk: $ranks rank(s): exit 5, the earlier checkpoint intact and resumable, nothing partial"
done
[ "$failures" -eq 0 ] || { echo "full_disk: $failures failure(s)"; exit 1; }
echo "full_disk: all checks passed"
