#!/usr/bin/env bash
# fuzz_qasm.sh SOURCE_DIR BINARY_DIR SECONDS KOKKOS_DIR
# Builds the OpenQASM fuzz target with clang (library and target under
# AddressSanitizer and UBSan) against the same Kokkos as the enclosing build
# and fuzzes the reader for SECONDS from the example circuits. Exit 77
# (skipped) without clang and libFuzzer.
set -euo pipefail
source_dir=$1 binary_dir=$2 seconds=$3 kokkos_dir=$4
clang=$(command -v clang++ || command -v clang++-14 || true)
if [ -z "$clang" ] || ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' \
     | "$clang" -x c++ -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
  echo "fuzz_qasm: SKIPPED: no clang++ with libFuzzer (Debian: clang-14 libclang-rt-14-dev)"; exit 77
fi
cmake -S "$source_dir" -B "$binary_dir" -DCMAKE_CXX_COMPILER="$clang" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" -DQZONE_BUILD_FUZZERS=ON \
      -DKokkos_DIR="$kokkos_dir" -DQZONE_BUILD_TESTS=OFF -DQZONE_BUILD_EXAMPLES=OFF -DQZONE_BUILD_BENCHMARKS=OFF \
      > "$binary_dir.configure.log" 2>&1 \
  || { cat "$binary_dir.configure.log"; exit 1; }
cmake --build "$binary_dir" -j 2 --target qzone-fuzz-qasm
corpus="$binary_dir/corpus"
mkdir -p "$corpus"
cp "$source_dir"/examples/circuits/*.qasm "$corpus"/
# Exits non-zero on a crash, a sanitizer report, a timeout (10 s per input) or a leak.
# libFuzzer's own exit code for a crash is 77, which CTest would take for "skipped".
ASAN_OPTIONS=detect_leaks=1 "$binary_dir/tests/fuzz/qzone-fuzz-qasm" "$corpus" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -error_exitcode=1 -print_final_stats=1 2>&1 | tail -n 15
echo "fuzz_qasm: no crash in ${seconds}s of fuzzing"
