#!/usr/bin/env bash
# tests/gpu/run.sh CUDA_BUILD [HOST_BUILD]
# The device check of a GPU build (docs/gpu.md), in minutes, on a machine
# with an NVIDIA GPU, from a build made elsewhere and copied here:
#   CUDA_BUILD  a build configured with -DQZONE_ENABLE_CUDA=ON against a Kokkos
#               with the CUDA backend: bin/qzone, tests/qzone_device_tests and
#               bench/qzone-bench-engine are used (Kokkos is linked statically;
#               the CUDA runtime, NCCL, MPI, spdlog and fmt libraries must be
#               found here: ldd is checked first).
#   HOST_BUILD  optional: a host build of the same source, whose results the
#               GPU's must equal on the same circuits.
# Exit 0 when every check passed, 1 when one failed, 77 (skipped, with the
# reason) on a machine without a GPU. Circuits come from bench/make_circuit.py.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(dirname "$(dirname "$here")")
cuda_build=$(readlink -f "${1:?usage: tests/gpu/run.sh CUDA_BUILD [HOST_BUILD]}")
host_build=${2:+$(readlink -f "$2")}
failures=0
skip() { echo "gpu checks: SKIPPED: $*"; exit 77; }
fail() { echo "gpu checks: FAILED: $*"; failures=$((failures + 1)); }
pass() { echo "gpu checks: passed: $*"; }

nvidia-smi -L 2>/dev/null | grep -q '^GPU' || skip "no GPU on this machine (nvidia-smi lists none)"
gpus=$(nvidia-smi -L | grep -c '^GPU')
qzone=$cuda_build/bin/qzone tests=$cuda_build/tests/qzone_device_tests bench=$cuda_build/bench/qzone-bench-engine
for program in "$qzone" "$tests" "$bench"; do
  [ -x "$program" ] || { echo "gpu checks: FAILED: $program is missing (build qzone-cli, qzone_device_tests, qzone-bench-engine)"; exit 1; }
  missing=$(ldd "$program" | grep 'not found')
  [ -z "$missing" ] || { echo "gpu checks: FAILED: $program needs libraries not found here (set LD_LIBRARY_PATH):"; echo "$missing"; exit 1; }
done
command -v python3 > /dev/null || { echo "gpu checks: FAILED: python3 is needed for the circuits"; exit 1; }
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
export QZONE_CACHE_DIR=$work/cache
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader

# 0. The build is what it claims: kernels and amplitudes on the GPU.
info=$(mpiexec -n 1 "$qzone" info) || { echo "$info"; echo "gpu checks: FAILED: qzone info"; exit 1; }
grep -q '"kokkos_execution_space": "Cuda"' <<<"$info" || { echo "gpu checks: FAILED: not a Kokkos-CUDA build"; exit 1; }
grep -q '"state_gpu": 0' <<<"$info" || fail "qzone info: rank 0's state is not on GPU 0"

# 1. Device tests: one rank; two ranks sharing GPU 0 (MPI, staged unless
#    CUDA-aware); with two GPUs or more, two ranks on their own GPUs (NCCL).
timeout 600 mpiexec -n 1 "$tests" > "$work/np1.log" 2>&1 && pass "device tests, 1 rank" || { tail -30 "$work/np1.log"; fail "device tests, 1 rank"; }
CUDA_VISIBLE_DEVICES=0 timeout 600 mpiexec -n 2 -x CUDA_VISIBLE_DEVICES "$tests" > "$work/np2.log" 2>&1 \
  && pass "device tests, 2 ranks sharing one GPU" || { tail -30 "$work/np2.log"; fail "device tests, 2 ranks sharing one GPU"; }
CUDA_VISIBLE_DEVICES=0 QZONE_TRANSPORT=nccl timeout 120 mpiexec -n 2 -x CUDA_VISIBLE_DEVICES -x QZONE_TRANSPORT \
  "$qzone" run "$source_dir/examples/circuits/ghz.qasm" > "$work/shared-nccl.log" 2>&1
[ $? -eq 2 ] && grep -q "share GPU 0" "$work/shared-nccl.log" && pass "NCCL refused on a shared GPU" \
  || { tail -5 "$work/shared-nccl.log"; fail "NCCL on a shared GPU was not refused with exit 2"; }
if [ "$gpus" -ge 2 ]; then
  QZONE_TRANSPORT=nccl timeout 600 mpiexec -n 2 -x QZONE_TRANSPORT "$tests" > "$work/nccl.log" 2>&1 \
    && pass "device tests, 2 ranks on 2 GPUs through NCCL" || { tail -30 "$work/nccl.log"; fail "device tests through NCCL"; }
else
  echo "gpu checks: not run: NCCL between two GPUs (this machine has $gpus)"
fi

# 2. A 28-qubit circuit on one GPU: a GHZ state has two outcomes.
python3 "$source_dir/bench/make_circuit.py" ghz 28 > "$work/ghz28.qasm"
if timeout 300 mpiexec -n 1 "$qzone" run "$work/ghz28.qasm" --shots 1000 --seed 3 --output "$work/ghz28.json" > /dev/null 2>&1; then
  python3 - "$work/ghz28.json" <<'PY' && pass "GHZ-28 on one GPU" || fail "GHZ-28 counts"
import json, sys
r = json.load(open(sys.argv[1]))
counts = r["counts"]
assert set(counts) <= {"0" * 28, "1" * 28} and sum(counts.values()) == 1000, counts
print("gpu checks: GHZ-28:", counts, "simulate", r["timings"]["simulate_seconds"], "s, sample",
      r["timings"]["sample_seconds"], "s, transport", r["transport"])
PY
else
  fail "GHZ-28 did not run"
fi

# 3. The host build's results on the same circuits: equal counts, amplitudes within the bound.
if [ -n "$host_build" ]; then
  for precision in double single; do
    python3 "$source_dir/bench/make_circuit.py" random 16 --seed 5 > "$work/random16.qasm"
    for build in "$cuda_build" "$host_build"; do
      mpiexec -n 2 "$build/bin/qzone" run "$work/random16.qasm" --shots 5000 --seed 9 --amplitudes \
        --precision "$precision" --output "$work/$(basename "$build")-$precision.json" > /dev/null 2>&1
    done
    python3 - "$work/$(basename "$cuda_build")-$precision.json" "$work/$(basename "$host_build")-$precision.json" \
      "$precision" <<'PY' && pass "random-16 ($precision) equals the host build" || fail "random-16 ($precision) differs from the host build"
import json, sys
gpu, host = (json.load(open(p)) for p in sys.argv[1:3])
bound = 1e-12 if sys.argv[3] == "double" else 1e-6
worst = max(abs(complex(*a) - complex(*b)) for a, b in zip(gpu["amplitudes"], host["amplitudes"]))
print("gpu checks: largest amplitude difference from the host build:", worst)
assert worst < bound and gpu["counts"] == host["counts"]
PY
  done
else
  echo "gpu checks: not run: comparison with a host build (give HOST_BUILD)"
fi

# 4. Benchmarks (figures, not pass/fail): passes against the device's in-place loop, a 30-qubit random circuit.
for precision in double single; do
  timeout 300 "$bench" --mode blocks --qubits 28 --precision "$precision" || fail "block benchmark ($precision)"
done
python3 "$source_dir/bench/make_circuit.py" random 30 --seed 1 > "$work/random30.qasm"
for precision in double single; do
  timeout 300 mpiexec -n 1 "$qzone" run "$work/random30.qasm" --shots 1000 --precision "$precision" \
    --output "$work/random30-$precision.json" > /dev/null 2>&1 \
    && python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("gpu checks: random-30", sys.argv[2], r["timings"], r["plan"]["passes"], "passes")' \
      "$work/random30-$precision.json" "$precision" || fail "random-30 ($precision) did not run"
done

[ "$failures" -eq 0 ] && echo "gpu checks: all passed" || echo "gpu checks: $failures failed"
[ "$failures" -eq 0 ]
