#!/usr/bin/env bash
# cost_model_check.sh QZONE GENERATOR WORK_DIR
# Where fusion's cost model comes from (docs/cost_model.md):
#  1. the first run measures it and caches it; later runs read the cache and plan alike;
#  2. every rank uses rank 0's model (ranks started with different QZONE_COST_MODEL files);
#  3. a resumed run plans with the model its checkpoint recorded, whatever it is told now;
#  4. a QZONE_COST_MODEL that cannot be read or parsed is an input error (exit 2) naming it;
#     a cache that cannot be written leaves the built-in model, with a warning;
#  5. sweeps (cache-blocked passes) leave every amplitude as it was, on 1-4 ranks and every kernel path.
set -euo pipefail
qzone=$1 generator=$2 work=$3
script=cost_model_check
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/hostile_common.sh"
python3 "$generator" --qubits 14 --depth 300 --seed 6 > "$work/circuit.qasm"
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))' "$@"; }
run() { local ranks=$1; shift; mpiexec -n "$ranks" "$qzone" run "$work/circuit.qasm" --shots 100 --seed 3 "$@"; }

# 1. Measured once, then cached.
export QZONE_CACHE_DIR="$work/cache"
run 1 --output "$work/first.json" 2> "$work/first.log"
ls "$QZONE_CACHE_DIR"/cost-model-*.txt > /dev/null || fail "no cost model cached in $QZONE_CACHE_DIR"
grep -q "cost model measured in" "$work/first.log" || fail "the first run did not say it measured the model"
[[ "$(field "$work/first.json" 'plan["cost_model"]')" == "cached in $QZONE_CACHE_DIR/cost-model-"* ]] ||
  fail "the first run's model: $(field "$work/first.json" 'plan["cost_model"]')"
run 3 --output "$work/second.json" 2> "$work/second.log"
! grep -q "cost model measured" "$work/second.log" || fail "the second run measured the model again"
[ "$(field "$work/second.json" 'fingerprint')" = "$(field "$work/first.json" 'fingerprint')" ] ||
  fail "runs on 1 and 3 ranks with the cached model differ"
echo "$script: measured once ($(grep -o 'measured in [0-9.]* s' "$work/first.log")), then read from the cache on 3 ranks"

# 2. Rank 0's model on every rank.
printf 'qzone-cost-model 1\ncache_bytes 1\nsweep_pass 1\nin_memory 1 1.5 50 100 200 400 1\nin_cache 1 1.5 50 100 200 400 1\n' > "$work/narrow.txt"
printf 'qzone-cost-model 1\ncache_bytes 1\nsweep_pass 1\nin_memory 1 1 1 1 1.5 2 1\nin_cache 1 1 1 1 1.5 2 1\n' > "$work/wide.txt"
QZONE_COST_MODEL="$work/narrow.txt" run 1 --output "$work/narrow.json"
QZONE_COST_MODEL="$work/wide.txt" run 1 --output "$work/wide.json"
[ "$(field "$work/narrow.json" 'plan["dense_blocks_by_width"]')" != "$(field "$work/wide.json" 'plan["dense_blocks_by_width"]')" ] ||
  fail "the two models planned alike"
mpiexec -n 1 env QZONE_COST_MODEL="$work/narrow.txt" "$qzone" run "$work/circuit.qasm" --shots 100 --seed 3 \
  --output "$work/mixed.json" : -n 2 env QZONE_COST_MODEL="$work/wide.txt" "$qzone" run "$work/circuit.qasm" \
  --shots 100 --seed 3 --output "$work/mixed.json"
[ "$(field "$work/mixed.json" 'plan["cost_model"]')" = "QZONE_COST_MODEL=$work/narrow.txt" ] ||
  fail "3 ranks told different models followed $(field "$work/mixed.json" 'plan["cost_model"]')"
[ "$(field "$work/mixed.json" 'fingerprint')" = "$(field "$work/narrow.json" 'fingerprint')" ] ||
  fail "3 ranks with rank 0 told the narrow model differ from 1 rank with it"
echo "$script: 3 ranks with different QZONE_COST_MODEL follow rank 0's: the same fingerprint as 1 rank with it"

# 3. A resumed run plans with the recorded model.
QZONE_COST_MODEL="$work/narrow.txt" run 2 --checkpoint-dir "$work/checkpoints" --checkpoint-every 128 \
  --output "$work/checkpointed.json"
QZONE_COST_MODEL="$work/wide.txt" run 3 --resume "$work/checkpoints" --output "$work/resumed.json"
[ "$(field "$work/resumed.json" 'plan["cost_model"]')" = "recorded in the checkpoint" ] ||
  fail "the resumed run followed $(field "$work/resumed.json" 'plan["cost_model"]')"
[ "$(field "$work/resumed.json" 'fingerprint')" = "$(field "$work/narrow.json" 'fingerprint')" ] ||
  fail "the resumed run differs from the uninterrupted one"
echo "$script: resumed under another QZONE_COST_MODEL, the recorded model planned: the same fingerprint"

# 4. Bad models, an unwritable cache (expect checks exit codes itself).
set +e
QZONE_COST_MODEL="$work/none.txt" expect 2 2 "QZONE_COST_MODEL: cannot read '$work/none.txt'" run "$work/circuit.qasm"
printf 'qzone-cost-model 1\ncache_bytes 1\nsweep_pass 1\nin_memory 1 1 x 1 1 1 1\n' > "$work/bad.txt"
QZONE_COST_MODEL="$work/bad.txt" expect 3 2 "QZONE_COST_MODEL=$work/bad.txt, line 4: 'x' is not a positive number" \
  run "$work/circuit.qasm"
QZONE_COST_MODEL=/dev/zero expect 2 2 "QZONE_COST_MODEL: '/dev/zero' is not a regular file" run "$work/circuit.qasm"
head -c 100000 /dev/zero | tr '\0' '#' > "$work/huge.txt"
QZONE_COST_MODEL="$work/huge.txt" expect 1 2 "QZONE_COST_MODEL: '$work/huge.txt' is larger than a cost model" \
  run "$work/circuit.qasm"
touch "$work/not-a-folder"
QZONE_CACHE_DIR="$work/not-a-folder/cache" run 1 --output "$work/builtin.json" 2> "$work/builtin.log"
[ "$(field "$work/builtin.json" 'plan["cost_model"]')" = "built in" ] ||
  fail "with an unwritable cache the model was $(field "$work/builtin.json" 'plan["cost_model"]')"
grep -q "cannot be cached" "$work/builtin.log" || fail "no warning that the model cannot be cached"
echo "$script: bad QZONE_COST_MODEL files (missing, malformed, a device, too large) exit 2 naming them; an unwritable cache leaves the built-in model"

# 5. Sweeps change where blocks run, not their arithmetic: a model under which
#    every run of blocks is a sweep and one under which none is (the same
#    fusion) give the same fingerprint on 1 to 4 ranks, on every kernel path.
python3 "$generator" --qubits 18 --depth 40 --seed 8 > "$work/wide.qasm" # 4 MiB: beyond the 2 MiB cache
printf 'qzone-cost-model 1\ncache_bytes 2097152\nsweep_pass 0.001\nin_memory 1 1.1 1.4 2.4 5.3 11 1.2\nin_cache 0.5 0.5 0.7 1.2 2.6 5.5 0.3\n' > "$work/sweeps.txt"
# No sweep pays: none saves anything in the cache, and a fetched tile costs much.
sed 's/^sweep_pass .*/sweep_pass 1000/; s/^in_cache .*/in_cache 1 1.1 1.4 2.4 5.3 11 1.2/' "$work/sweeps.txt" > "$work/no-sweeps.txt"
reference=""
for path in baseline avx2 avx512; do
  QZONE_KERNEL_PATH=$path "$qzone" info > /dev/null 2>&1 || { echo "$script: kernel path $path not available here"; continue; }
  QZONE_KERNEL_PATH=$path QZONE_COST_MODEL="$work/no-sweeps.txt" mpiexec -n 1 "$qzone" run "$work/wide.qasm" --shots 0 --output "$work/plain.json"
  [ "$(field "$work/plain.json" 'plan["sweeps"]')" = 0 ] || fail "$path: sweeps without a model that wants them"
  for ranks in 1 2 3 4; do
    QZONE_KERNEL_PATH=$path QZONE_COST_MODEL="$work/sweeps.txt" mpiexec -n $ranks "$qzone" run "$work/wide.qasm" --shots 0 --output "$work/swept.json"
    [ "$ranks" -gt 1 ] || [ "$(field "$work/swept.json" 'plan["sweeps"]')" -gt 0 ] || fail "$path: no sweep on 1 rank"
    [ "$(field "$work/swept.json" 'fingerprint')" = "$(field "$work/plain.json" 'fingerprint')" ] ||
      fail "$path, $ranks ranks: sweeps changed the amplitudes"
  done
  echo "$script: $path: $(field "$work/plain.json" 'plan["passes"]') passes without sweeps, $(field "$work/swept.json" 'plan["passes"]') with $(field "$work/swept.json" 'plan["sweeps"]') sweeps on 4 ranks: the same fingerprint on 1-4 ranks"
done

[ "$failures" -eq 0 ] || exit 1
echo "$script: all checks passed"
