#!/usr/bin/env bash
# hostile_inputs.sh QZONE CIRCUITS WORK_DIR RANKS...  (CIRCUITS: examples/circuits)
# Each hostile case of docs/errors.md on each rank count: all ranks exit
# within seconds (no hang), with the documented exit code, a message naming
# the problem, and nothing lost: files at output paths, earlier checkpoints
# and device nodes stay as they were.
set -uo pipefail
qzone=$1 circuits=$2 work=$3
shift 3
script=hostile_inputs
source "$(dirname "${BASH_SOURCE[0]}")/hostile_common.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
# The messages must name the problem on one line: at most 500 characters.
short_message() {
  local longest
  longest=$(timeout 60 mpiexec -n "$1" "$qzone" "${@:2}" 2>&1 | awk '{ print length }' | sort -n | tail -1)
  [ "${longest:-0}" -le 500 ] || fail "np$1 ${*:2}: a message line of $longest characters"
}

ghz=$circuits/ghz.qasm qft=$circuits/qft.qasm
mkdir somedir && touch afile
printf 'earlier result\n' > kept.json
python3 - <<'PY'
levels = 30000  # each level applies the one below once: one X in the end
lines = ['OPENQASM 2.0;', 'qreg q[4];', 'creg c[1];', 'gate g0 a { U(pi,0,pi) a; }']
lines += [f'gate g{i} a {{ g{i-1} a; }}' for i in range(1, levels)]
lines += [f'g{levels - 1} q[0];', 'measure q[0] -> c[0];']
open('nested.qasm', 'w').write('\n'.join(lines) + '\n')
# bit 0 of a 70-bit register set: the condition c == 1 must fire.
open('wide.qasm', 'w').write('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[4];\ncreg c[70];\nx q[0];\n'
                             'measure q[0] -> c[0];\nif (c==1) x q[1];\nmeasure q[1] -> c[1];\n')
open('zero.qasm', 'w').write('OPENQASM 2.0;\ninclude "/dev/zero";\nqreg q[2];\n')
open('incdir.qasm', 'w').write('OPENQASM 2.0;\ninclude "somedir";\nqreg q[2];\n')
open('longline.qasm', 'w').write('OPENQASM 2.0;\nqreg q[2];\n' + 'U(0,0,0) q[0]; ' * 30000 + 'bogus q[0];\n')
PY
python3 "$circuits/random_circuit.py" --qubits 8 --depth 30 --seed 1 > long1.qasm
python3 "$circuits/random_circuit.py" --qubits 20 --depth 400 --seed 1 > progress.qasm # over 2 s on 1-3 ranks
python3 "$circuits/random_circuit.py" --qubits 8 --depth 30 --seed 2 > long2.qasm
mpiexec -n 1 "$qzone" run "$qft" --shots 10 --replay record recording.txt --output /tmp/hostile-qft.$$.json \
  || fail "recording the reference replay"
rm -f /tmp/hostile-qft.$$.json
head -n 5 recording.txt > truncated.txt
{ cat recording.txt; echo "9999 0x0000000000000001"; } > extended.txt
mpiexec -n 1 "$qzone" run "$circuits/grover.qasm" --shots 10 --replay record other.txt --output other.json \
  || fail "recording another circuit"

for ranks in "$@"; do
  # 3. Rank 0 alone meets the problem: every rank still exits, together.
  expect "$ranks" 2 "the circuit 'somedir': it is a directory" run somedir
  expect "$ranks" 2 "--replay record 'somedir' cannot receive the output: it is a directory" \
    run "$ghz" --replay record somedir --output out.json
  expect "$ranks" 5 "cannot create --checkpoint-dir 'afile/sub': 'afile' exists and is not a folder" \
    run "$ghz" --checkpoint-dir afile/sub --checkpoint-every 1 --output out.json
  # 4. A condition on a 70-bit register.
  expect "$ranks" 0 "" run wide.qasm --shots 20 --output wide.json
  grep -Eq '"0{68}11": 20' wide.json || fail "np$ranks: if (c==1) on a 70-bit register did not fire: $(cat wide.json)"
  # 5. 30,000 nested gate definitions.
  expect "$ranks" 0 "" run nested.qasm --shots 20 --output nested.json
  grep -q '"1": 20' nested.json || fail "np$ranks: the nested X did not give 1 every time"
  # 6. Options out of range, empty or overflowing; recordings that do not cover the run.
  expect "$ranks" 2 "--shots: '-1' is not a whole number" run "$ghz" --shots -1
  expect "$ranks" 2 "--shots: '99999999999999999999' is above 1000000000" run "$ghz" --shots 99999999999999999999
  expect "$ranks" 2 "--shots: an empty value" run "$ghz" --shots ''
  expect "$ranks" 2 "--seed: '-5' is not a whole number" run "$ghz" --seed -5
  expect "$ranks" 2 "--seed: an empty value" run "$ghz" --seed ''
  expect "$ranks" 2 "--exchange-buffer: .* is too large" run "$ghz" --exchange-buffer 99999999999999999999GiB
  expect "$ranks" 4 "has no step [0-9]+ \(it ends at step [0-9]+\): it does not cover this run" \
    run "$qft" --replay verify truncated.txt --output out.json
  expect "$ranks" 4 "goes on to step 9999, this run ends at step [0-9]+" \
    run "$qft" --replay verify extended.txt --output out.json
  expect "$ranks" 4 "replay diverges at step 1: .*the recording is of another circuit" \
    run "$qft" --replay verify other.txt --output out.json
  # 7. Unwritable output found before the simulation; no temporary file left.
  expect "$ranks" 2 "--output 'somedir' cannot receive the output: it is a directory" run "$ghz" --output somedir
  expect "$ranks" 2 "--output 'nodir/out.json' cannot receive the output: its folder 'nodir' does not exist" \
    run "$ghz" --output nodir/out.json
  expect "$ranks" 2 "--metrics 'somedir' cannot receive the output" run "$ghz" --metrics somedir --output out.json
  ls -a | grep -q '\.tmp\|^\.somedir\|^\.out' && fail "np$ranks: a temporary file was left behind: $(ls -a)"
  # 8. Option errors: exit code 2 on every rank.
  expect "$ranks" 2 "qzone: error: The following argument was not expected: --bogus" run "$ghz" --bogus
  expect "$ranks" 6 "needs .* GiB \(amplitudes .*, exchange buffers .*\) but the limit of" run "$ghz" --max-memory 1KiB
  # 9. Clear messages.
  expect "$ranks" 2 "--checkpoint-keep: '0' is not a number from 1" run "$ghz" --checkpoint-keep 0 --checkpoint-dir ck
  expect "$ranks" 2 "--output: the path is empty" run "$ghz" --output ''
  expect "$ranks" 2 "cannot open --replay verify '/nonexistent/steps.txt': No such file or directory" \
    run "$ghz" --replay verify /nonexistent/steps.txt
  expect "$ranks" 2 "incdir.qasm:2:9: error: cannot read included file 'somedir': it is a directory" run incdir.qasm
  expect "$ranks" 2 "longline.qasm:3:[0-9]+: error: unknown gate 'bogus'" run longline.qasm
  short_message "$ranks" run longline.qasm
  expect "$ranks" 0 "" run "$ghz" --log-level warn --output out.json
  # 10. An include that never ends.
  expect "$ranks" 2 "zero.qasm:2:9: error: cannot read included file '/dev/zero': it is not a regular file" run zero.qasm
  # 2. Output paths that are not regular files: followed or written in place, never replaced.
  ln -sf kept.json link.json
  expect "$ranks" 0 "" run "$ghz" --output link.json
  [ -L link.json ] && grep -q '"circuit": "ghz"' kept.json || fail "np$ranks: the symbolic link was replaced"
  printf 'earlier result\n' > kept.json
  rm -f fifo && mkfifo fifo && { cat fifo > fifo.out & }
  expect "$ranks" 0 "" run "$ghz" --output fifo
  wait
  [ -p fifo ] && grep -q '"circuit": "ghz"' fifo.out || fail "np$ranks: the FIFO was replaced or not written"
  if [ "$(id -u)" -eq 0 ]; then
    # Private device nodes (not the machine's): a null device and a full one.
    rm -f null full && mknod -m 666 null c 1 3 && mknod -m 666 full c 1 7
    expect "$ranks" 0 "" run "$ghz" --output null
    expect "$ranks" 5 "cannot write --output 'full': No space left on device" run "$ghz" --output full
    [ -c null ] && [ -c full ] || fail "np$ranks: a device node was replaced by a regular file"
    # 7. With --progress, an error after the bar was drawn starts on a line of its own.
    timeout 120 mpiexec -n "$ranks" "$qzone" run progress.qasm --progress --output full > /dev/null 2> progress.log
    grep -q "operations" progress.log || fail "np$ranks: no progress bar was drawn (the run took under 2 s?)"
    grep -q "^qzone: error: cannot write --output 'full': No space left on device" progress.log \
      || fail "np$ranks: the error is glued to the progress bar: $(tr '\r' '|' < progress.log | tail -c 300)"
  else
    echo "hostile_inputs: device nodes not tested (mknod needs root)"
  fi
  grep -qx 'earlier result' kept.json || fail "np$ranks: kept.json was changed by a failed run"
  # Batch: unusable manifest, output and options; a file of other lines is never cut.
  printf '%s\n' '{"id": "a", "circuit": "wide.qasm", "shots": 5}' '{"id": "a", "circuit": "wide.qasm"}' > twice.jsonl
  printf '%s\n' '{"id": "a", "circuit": "wide.qasm", "shots": 5}' > one.jsonl
  expect "$ranks" 2 "cannot read the manifest 'somedir': it is a directory" batch somedir --output out.jsonl
  expect "$ranks" 2 "--output 'somedir' cannot receive the output: it is a directory" batch one.jsonl --output somedir
  expect "$ranks" 2 "--output 'kept.json' holds lines that are not qzone batch results" batch one.jsonl --output kept.json
  grep -qx 'earlier result' kept.json || fail "np$ranks: a batch changed a file that is not its results"
  expect "$ranks" 2 "task id 'a' is used twice" batch twice.jsonl --output out.jsonl
  expect "$ranks" 2 "--group-size: Value 0 not in range" batch one.jsonl --output out.jsonl --group-size 0
  : > empty.jsonl; rm -f empty-results.jsonl
  expect "$ranks" 0 "" batch empty.jsonl --output empty-results.jsonl
  # 6. Checkpoints: one folder, two circuits; resuming with another seed.
  rm -rf shared
  expect "$ranks" 0 "" run long1.qasm --checkpoint-dir shared --checkpoint-every 64 --output out.json
  expect "$ranks" 0 "" run long2.qasm --checkpoint-dir shared --checkpoint-every 64 --output out.json
  [ "$(ls shared | cut -d- -f2 | sort -u | wc -l)" -eq 2 ] || fail "np$ranks: the circuits pruned each other: $(ls shared)"
  expect "$ranks" 2 "was written by a run with seed 1 and 1024 shots; this run has seed 5" \
    run long1.qasm --resume shared --seed 5 --output out.json
  echo "hostile_inputs: $ranks rank(s) done"
done
[ "$failures" -eq 0 ] || { echo "hostile_inputs: $failures failure(s)"; exit 1; }
echo "hostile_inputs: all cases passed"
