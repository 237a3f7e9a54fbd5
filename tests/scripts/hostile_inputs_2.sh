#!/usr/bin/env bash
# hostile_inputs_2.sh QZONE CIRCUITS WORK_DIR RANKS...  (CIRCUITS: examples/circuits)
# The second hostile try-out (docs/errors.md), one class of defect at a time,
# on each rank count: tiny circuits on any rank count give the one-rank
# result; two options naming one file are refused before anything runs; a
# rank that cannot map its memory, a bad environment or a signal never
# hangs or crashes the others; memory is checked before it is spent; numbers
# are finite; exit codes follow the documented kinds. Every run has a hang
# guard; inputs and earlier outputs must survive.
set -uo pipefail
qzone=$1 circuits=$2 work=$3
shift 3
script=hostile_inputs_2
source "$(dirname "${BASH_SOURCE[0]}")/hostile_common.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
# counts_of FILE: the counts and amplitudes of a result, for comparing runs.
counts_of() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["counts"], r.get("amplitudes"), r.get("expectations"))' "$1"; }

ghz=$circuits/ghz.qasm
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[1];\nh q[0];\nt q[0];\nmeasure q -> c;\n' > one.qasm
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n' > two.qasm
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\ncreg c[3];\nh q[0];\nmeasure q[0] -> c[0];\nreset q[0];\nif (c==1) x q[1];\nrxx(0.4) q[1],q[2];\nmeasure q -> c;\n' > mid.qasm
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nh q[0];\ncx q[0],q[1];\nccx q[0],q[1],q[2];\nrxx(0.7) q[1],q[2];\n' > three.qasm
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[27];\nh q[0];\n' > q27.qasm
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[31];\nh q[0];\n' > q31.qasm
printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[34];\nh q[0];\n' > q34.qasm
printf '\xef\xbb\xbfOPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[1];\nx q[0];\nmeasure q -> c;\n' > bom.qasm
printf 'OPENQASM 2.0;\ninclude "self.qasm";\nqreg q[1];\n' > self.qasm
python3 "$circuits/random_circuit.py" --qubits 20 --depth 400 --seed 1 > slow.qasm # over 2 s on 1-4 ranks
python3 "$circuits/random_circuit.py" --qubits 8 --depth 30 --seed 3 > long.qasm
listings() { [ "$1" = three ] && echo --amplitudes --expect Z0Z1; }
for circuit in one two mid three; do
  timeout 60 mpiexec -n 1 "$qzone" run $circuit.qasm --shots 500 --seed 4 --output $circuit-1.json $(listings $circuit) \
    || fail "$circuit.qasm on 1 rank"
done
mpiexec -n 1 "$qzone" run long.qasm --shots 10 --replay record recording.txt --output long.json || fail "recording"
head -c -7 recording.txt > cut.txt # the last line cut short, as by a copy that stopped

for ranks in "$@"; do
  # 1. Tiny circuits, more ranks than amplitudes: the one-rank result.
  for circuit in one two mid three; do
    expect "$ranks" 0 "" run $circuit.qasm --shots 500 --seed 4 --output $circuit-$ranks.json $(listings $circuit)
    [ "$(counts_of $circuit-$ranks.json)" = "$(counts_of $circuit-1.json)" ] \
      || fail "np$ranks $circuit.qasm: $(counts_of $circuit-$ranks.json) differs from 1 rank: $(counts_of $circuit-1.json)"
  done
  printf '{"id": "two", "circuit": "two.qasm", "shots": 100}\n{"id": "one", "circuit": "one.qasm", "shots": 100}\n' > tiny.jsonl
  rm -f tiny-results.jsonl
  expect "$ranks" 0 "" batch tiny.jsonl --output tiny-results.jsonl --group-size "$ranks"
  [ "$(grep -c '"status":"completed"' tiny-results.jsonl)" -eq 2 ] || fail "np$ranks: tiny batch tasks: $(cat tiny-results.jsonl)"

  # 2. Two options naming one file: refused before anything runs, the file intact.
  cp two.qasm circuit.qasm && ln -sf circuit.qasm link.qasm
  expect "$ranks" 2 "the circuit 'circuit.qasm' and --output './circuit.qasm' name the same file" \
    run circuit.qasm --output ./circuit.qasm
  expect "$ranks" 2 "the circuit 'link.qasm' and --output 'circuit.qasm' name the same file" run link.qasm --output circuit.qasm
  cmp -s circuit.qasm two.qasm || fail "np$ranks: the circuit was overwritten"
  rm -f new.json
  expect "$ranks" 2 "--output 'new.json' and --metrics './new.json' name the same file" run two.qasm --output new.json --metrics ./new.json
  expect "$ranks" 2 "--output 'new.json' and --replay record 'new.json' name the same file" \
    run two.qasm --output new.json --replay record new.json
  expect "$ranks" 2 "--output 'recording.txt' and --replay verify 'recording.txt' name the same file" \
    run long.qasm --output recording.txt --replay verify recording.txt
  [ -e new.json ] && fail "np$ranks: a refused run wrote new.json"
  cp tiny.jsonl manifest.jsonl
  expect "$ranks" 2 "the manifest 'manifest.jsonl' and --output 'manifest.jsonl' name the same file" \
    batch manifest.jsonl --output manifest.jsonl
  cmp -s manifest.jsonl tiny.jsonl || fail "np$ranks: the manifest was changed"
  expect "$ranks" 2 "--replay: '-' is not a file" run two.qasm --replay record -
  [ -e ./- ] && fail "np$ranks: --replay record - created a file named '-'"

  # 3. One rank cannot map its memory (ulimit -v, as batch systems set it):
  #    every rank exits 6 within seconds, none waits in the window allocation.
  output=$(timeout --kill-after=5 60 mpiexec -n 1 bash -c "ulimit -v 1500000; exec $qzone run q27.qasm --output q27.json" \
           : -n "$ranks" "$qzone" run q27.qasm --output q27.json 2>&1)
  status=$?
  [ "$status" -eq 6 ] && grep -q "cannot map .* MiB: .*ulimit -v" <<<"$output" \
    || fail "np$ranks+1: ulimit -v on one rank: exit $status: $(head -3 <<<"$output")"
  # A run without checkpoints ends on SIGTERM, whatever its arguments say.
  mpiexec -n "$ranks" "$qzone" run slow.qasm --output batch > /dev/null 2>&1 &
  sleep 1.5
  pkill -TERM -f "qzone run slow.qasm --output batch"
  start=$SECONDS
  wait
  [ $((SECONDS - start)) -le 10 ] || fail "np$ranks: SIGTERM to 'qzone run ... --output batch' did not end it"
  [ -e batch ] && fail "np$ranks: the run ignored SIGTERM and wrote 'batch'"

  # 4. A bad environment: exit 2 on every rank with the variable named, no abort.
  output=$(QZONE_LOG_LEVEL=bogus timeout 60 mpiexec -n "$ranks" "$qzone" --version 2>&1); status=$?
  [ "$status" -eq 2 ] && grep -q "QZONE_LOG_LEVEL: 'bogus' is not a log level" <<<"$output" \
    && ! grep -q "terminate called" <<<"$output" || fail "np$ranks: QZONE_LOG_LEVEL=bogus: exit $status: $(head -3 <<<"$output")"
  output=$(KOKKOS_NUM_THREADS=abc timeout 60 mpiexec -n "$ranks" "$qzone" run two.qasm 2>&1); status=$?
  [ "$status" -eq 2 ] && grep -q "KOKKOS_NUM_THREADS: 'abc' is not a number of threads" <<<"$output" \
    && ! grep -q "terminate called" <<<"$output" || fail "np$ranks: KOKKOS_NUM_THREADS=abc: exit $status: $(head -3 <<<"$output")"
  output=$(QZONE_TRANSPORT=carrier-pigeon timeout 60 mpiexec -n "$ranks" "$qzone" run two.qasm 2>&1); status=$?
  [ "$status" -eq 2 ] && grep -q "QZONE_TRANSPORT: 'carrier-pigeon' is not a transport" <<<"$output" \
    || fail "np$ranks: QZONE_TRANSPORT=carrier-pigeon: exit $status: $(head -3 <<<"$output")"
  # NCCL asked of a build whose amplitudes live in host memory (the GPU build refuses a shared GPU alike).
  output=$(QZONE_TRANSPORT=nccl timeout 60 mpiexec -n "$ranks" "$qzone" run two.qasm 2>&1); status=$?
  if grep -q '"nccl_transport": false' <<<"$(mpiexec -n 1 "$qzone" info)"; then
    [ "$status" -eq 2 ] && grep -q "QZONE_TRANSPORT=nccl: the amplitudes live in host memory" <<<"$output" \
      || fail "np$ranks: QZONE_TRANSPORT=nccl in a host build: exit $status: $(head -3 <<<"$output")"
  fi
  # Ranks that disagree: every rank stops with the same message.
  if [ "$ranks" -ge 2 ]; then
    output=$(timeout 60 mpiexec -n 1 -x QZONE_TRANSPORT=mpi "$qzone" run two.qasm : -n $((ranks - 1)) -x QZONE_TRANSPORT=auto \
      "$qzone" run two.qasm 2>&1); status=$?
    [ "$status" -eq 2 ] && grep -q "QZONE_TRANSPORT differs between ranks" <<<"$output" \
      || fail "np$ranks: QZONE_TRANSPORT differing between ranks: exit $status: $(head -3 <<<"$output")"
  fi
  mpiexec -n "$ranks" "$qzone" run two.qasm --output transport.json > /dev/null 2>&1 \
    && grep -q '"transport": "mpi' transport.json || fail "np$ranks: the result does not name its transport"

  # 5. Memory checked before it is spent.
  expect "$ranks" 6 "needs 32.* GiB .* but .* GiB available on node" run q31.qasm --max-memory 1TiB
  expect "$ranks" 6 "listing the amplitudes of 34 qubits needs 512 GiB on rank 0" \
    run q34.qasm --amplitudes --max-listed-qubits 40
  # 10^8 shots in 2 GB of address space per rank: counts, not a per-shot array.
  if [ "$ranks" -eq 1 ]; then
    output=$(timeout 120 bash -c "ulimit -v 2000000; exec $qzone run two.qasm --shots 100000000 --output shots.json" 2>&1) \
      || fail "10^8 shots under ulimit -v 2 GB: $(head -3 <<<"$output")"
    python3 -c 'import json,sys; c=json.load(open("shots.json"))["counts"]; sys.exit(sum(c.values()) != 10**8)' \
      || fail "10^8 shots: the counts do not add up"
  fi

  # 7. Numbers that must be finite are.
  expect "$ranks" 2 "the expectation of '1e308\*Z0Z1 \+ 1e308\*X0X1' is inf" \
    run two.qasm --shots 0 --expect "1e308*Z0Z1 + 1e308*X0X1" --output e.json
  expect "$ranks" 2 "--task-timeout: 'nan' is not a positive, finite number of seconds" \
    batch tiny.jsonl --output t.jsonl --task-timeout nan
  expect "$ranks" 4 "has no step [0-9]+ .*its last line was cut short and is left out" \
    run long.qasm --replay verify cut.txt --output out.json

  # 8. Exit codes and messages.
  expect "$ranks" 0 "" run bom.qasm --shots 5 --output bom.json
  grep -q '"1": 5' bom.json || fail "np$ranks: a byte-order mark changed the result"
  expect "$ranks" 2 "self.qasm:2:9: error: include cycle: \"self.qasm\" is already being read" run self.qasm
  rm -rf ck
  expect "$ranks" 0 "" run long.qasm --precision single --checkpoint-dir ck --checkpoint-every 64 --output single.json
  expect "$ranks" 0 "" run long.qasm --resume ck --output resumed.json
  grep -q '"notes"' resumed.json && grep -q "single-precision amplitudes; converted to double (exactly)" resumed.json \
    || fail "np$ranks: the conversion note is not in the result"
  rm -rf gone && mkdir gone
  mpiexec -n "$ranks" "$qzone" run slow.qasm --shots 1 --output gone/out.json > /dev/null 2> gone.log &
  sleep 1
  rm -rf gone
  wait $!
  status=$?
  [ "$status" -eq 5 ] && grep -q "cannot write --output 'gone/out.json': its folder 'gone' does not exist" gone.log \
    || fail "np$ranks: the output folder removed during the run: exit $status: $(head -2 gone.log)"
  echo "hostile_inputs_2: $ranks rank(s) done"
done
[ "$failures" -eq 0 ] || { echo "hostile_inputs_2: $failures failure(s)"; exit 1; }
echo "hostile_inputs_2: all cases passed"
