#!/usr/bin/env bash
# precision_check.sh QZONE CIRCUIT WORK_DIR
# --precision from the command line: single-precision runs of CIRCUIT give
# one fingerprint and the same counts on 1, 2, 3 and 4 ranks and say
# "precision": "single"; a precision that does not exist is refused (exit 2);
# a recording made in single precision is refused by a double-precision
# verify before it starts (exit 2) and verifies in single precision; a
# single-precision checkpoint resumes in double with a note and the final
# fingerprint of the run that never stopped in double.
set -uo pipefail
qzone=$1 circuit=$2 work=$3
fail() { echo "precision_check: FAILED: $*"; exit 1; }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d[sys.argv[2]], sort_keys=True))' "$@"; }
rm -rf "$work" && mkdir -p "$work"

for ranks in 1 2 3 4; do
  mpiexec -n "$ranks" "$qzone" run "$circuit" --shots 500 --seed 9 --precision single \
    --output "$work/single$ranks.json" || fail "single precision on $ranks ranks"
  [ "$(field "$work/single$ranks.json" precision)" = '"single"' ] || fail "the result does not say single"
  [ "$(field "$work/single$ranks.json" fingerprint)" = "$(field "$work/single1.json" fingerprint)" ] \
    || fail "fingerprint on $ranks ranks differs from 1 rank"
  [ "$(field "$work/single$ranks.json" counts)" = "$(field "$work/single1.json" counts)" ] \
    || fail "counts on $ranks ranks differ from 1 rank"
done
mpiexec -n 2 "$qzone" run "$circuit" --shots 500 --seed 9 --output "$work/double.json" || fail "double precision"
[ "$(field "$work/double.json" precision)" = '"double"' ] || fail "the default is not double"

output=$(mpiexec -n 2 "$qzone" run "$circuit" --precision half --output "$work/x.json" 2>&1)
[ $? -eq 2 ] || fail "--precision half was not refused with exit 2"
grep -q "'half' is not a precision; use single or double" <<<"$output" || fail "no message for --precision half: $output"

mpiexec -n 2 "$qzone" run "$circuit" --shots 10 --precision single --replay record "$work/steps.txt" \
  --output "$work/x.json" || fail "recording in single precision"
head -n 1 "$work/steps.txt" | grep -q ' single$' || fail "the recording does not name its precision"
output=$(mpiexec -n 3 "$qzone" run "$circuit" --shots 10 --replay verify "$work/steps.txt" --output "$work/x.json" 2>&1)
[ $? -eq 2 ] || fail "a double-precision verify of a single-precision recording was not refused with exit 2"
grep -q "records a run in single precision, this run is in double precision" <<<"$output" \
  || fail "no message for the precision mismatch: $output"
mpiexec -n 3 "$qzone" run "$circuit" --shots 10 --precision single --replay verify "$work/steps.txt" \
  --output "$work/x.json" || fail "verifying in single precision on 3 ranks"

# Checkpoints written in single precision (a 300-operation circuit, every
# 64 steps), then the same run resumed from them in double on 3 ranks.
python3 "$(dirname "$circuit")/random_circuit.py" --qubits 10 --depth 20 --seed 3 > "$work/long.qasm"
mpiexec -n 2 "$qzone" run "$work/long.qasm" --shots 500 --seed 9 --precision single --checkpoint-dir "$work/ckpt" \
  --checkpoint-every 64 --output "$work/x.json" || fail "writing single-precision checkpoints"
ls "$work"/ckpt/*.qzck > /dev/null 2>&1 || fail "no single-precision checkpoint written"
output=$(mpiexec -n 3 "$qzone" run "$work/long.qasm" --shots 500 --seed 9 --resume "$work/ckpt" --output "$work/resumed.json" 2>&1) \
  || fail "resuming in double: $output"
grep -q "single-precision amplitudes; converted to double (exactly)" <<<"$output" || fail "no conversion note: $output"
[ "$(field "$work/resumed.json" resumed_from_step)" -gt 0 ] || fail "the run did not resume"
echo "precision_check: all checks passed"
