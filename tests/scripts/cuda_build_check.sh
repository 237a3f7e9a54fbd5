#!/usr/bin/env bash
# cuda_build_check.sh SOURCE_DIR BINARY_DIR KOKKOS_DIR [KOKKOS_CUDA_DIR]
# Configures and builds qzone with -DQZONE_ENABLE_CUDA=ON, then checks what
# that build does on this machine. Two builds, by what is given:
# - KOKKOS_CUDA_DIR (a Kokkos with the CUDA backend, e.g. installed by
#   scripts/build-kokkos-cuda.sh): the device kernels are compiled for real
#   (the programs carry a CUDA fat binary); on a machine with a GPU the device
#   check tests/gpu/run.sh runs, and without one `qzone info` must stop with
#   exit 6 and "no CUDA device is usable" (under the toolkit's driver stub,
#   since the programs need libcuda.so.1 to start) and run.sh must skip.
# - otherwise, against KOKKOS_DIR (the enclosing build's Kokkos): the CUDA
#   runtime and NCCL side of qzone only; `qzone info` must report a CUDA build
#   and exactly the devices the machine has. It says that the device kernels
#   were not compiled.
# Exit 77 (skipped) when there is no CUDA toolkit.
set -euo pipefail
source_dir=$1 binary_dir=$2 kokkos_dir=$3 kokkos_cuda_dir=${4:-}

nvcc=$(command -v nvcc || true)
if [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc; fi
if [ -z "$nvcc" ]; then echo "cuda_build_check: SKIPPED: no nvcc on PATH or in /usr/local/cuda"; exit 77; fi
cuda_root=$(dirname "$(dirname "$(readlink -f "$nvcc")")")
export PATH="$cuda_root/bin:$PATH"

if [ -n "$kokkos_cuda_dir" ]; then
  cmake -S "$source_dir" -B "$binary_dir" -DQZONE_ENABLE_CUDA=ON -DCUDAToolkit_ROOT="$cuda_root" \
        -DKokkos_ROOT="$kokkos_cuda_dir" -DCMAKE_CXX_COMPILER="$kokkos_cuda_dir/bin/nvcc_wrapper" \
        -DQZONE_BUILD_PYTHON=OFF -DCMAKE_BUILD_TYPE=Release > "$binary_dir.configure.log" 2>&1 \
    || { cat "$binary_dir.configure.log"; exit 1; }
  grep "qzone:" "$binary_dir.configure.log"
  cmake --build "$binary_dir" -j 2 --target qzone-cli qzone_device_tests qzone-bench-engine
  for program in bin/qzone tests/qzone_device_tests bench/qzone-bench-engine; do
    sections=$(readelf -S "$binary_dir/$program")
    grep -q '\.nv_fatbin' <<<"$sections" \
      || { echo "cuda_build_check: FAILED: $program carries no device code"; exit 1; }
  done
  if nvidia-smi -L 2>/dev/null | grep -q '^GPU'; then
    "$source_dir/tests/gpu/run.sh" "$binary_dir"
    exit $?
  fi
  stub=$(mktemp -d) && trap 'rm -rf "$stub"' EXIT
  ln -s "$cuda_root/lib64/stubs/libcuda.so" "$stub/libcuda.so.1"
  status=0
  output=$(LD_LIBRARY_PATH="$stub${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" mpiexec -n 2 -x LD_LIBRARY_PATH \
           "$binary_dir/bin/qzone" info 2>&1) || status=$?
  printf '%s\n' "$output" | head -3
  [ "$status" -eq 6 ] && grep -q "no CUDA device is usable" <<<"$output" \
    || { echo "cuda_build_check: FAILED: without a GPU, qzone info exited $status"; exit 1; }
  status=0
  "$source_dir/tests/gpu/run.sh" "$binary_dir" || status=$?
  [ "$status" -eq 77 ] || { echo "cuda_build_check: FAILED: tests/gpu/run.sh exited $status without a GPU"; exit 1; }
  echo "cuda_build_check: device kernels compiled against the Kokkos with CUDA in $kokkos_cuda_dir; no GPU here:" \
       "qzone stops with exit 6 and the reason, the device check skips"
  exit 0
fi

cmake -S "$source_dir" -B "$binary_dir" -DQZONE_ENABLE_CUDA=ON -DCUDAToolkit_ROOT="$cuda_root" -DKokkos_DIR="$kokkos_dir" \
      -DQZONE_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release > "$binary_dir.configure.log" 2>&1 \
  || { cat "$binary_dir.configure.log"; exit 1; }
cmake --build "$binary_dir" -j 2 --target qzone-cli

output=$(mpiexec -n 2 "$binary_dir/bin/qzone" info)
printf '%s\n' "$output"
grep -q '"cuda_enabled": true' <<<"$output" || { echo "cuda_build_check: FAILED: not a CUDA build"; exit 1; }
grep -q '"nccl": "[0-9]' <<<"$output" || { echo "cuda_build_check: FAILED: NCCL version missing"; exit 1; }
if ! nvidia-smi -L > /dev/null 2>&1; then
  if grep -q '"device_index"' <<<"$output"; then
    echo "cuda_build_check: FAILED: GPUs listed on a machine without one"; exit 1
  fi
fi
space=$(sed -n 's/.*"kokkos_execution_space": "\([^"]*\)".*/\1/p' <<<"$output")
echo "cuda_build_check: CUDA build compiles, links NCCL and runs; Kokkos kernels compiled for $space (Kokkos from $kokkos_dir)"
echo "cuda_build_check: device kernels NOT compiled: no Kokkos with the CUDA backend was given (configure the suite" \
     "with -DQZONE_CUDA_KOKKOS_DIR=<prefix of a Kokkos built by scripts/build-kokkos-cuda.sh>)"
