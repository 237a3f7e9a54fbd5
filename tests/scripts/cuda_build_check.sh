#!/usr/bin/env bash
# cuda_build_check.sh SOURCE_DIR BINARY_DIR KOKKOS_DIR
# Configures and builds qzone with -DQZONE_ENABLE_CUDA=ON against the same
# Kokkos as the enclosing build, then runs `qzone info`: it must report a
# CUDA build and list exactly the devices the machine has (none on a machine
# without a GPU). What this checks is the CUDA runtime and NCCL side of
# qzone; Kokkos kernels are compiled for the backends that Kokkos has, which
# is CUDA only when KOKKOS_DIR is a Kokkos built with CUDA. Exit 77
# (skipped) when there is no CUDA toolkit.
set -euo pipefail
source_dir=$1 binary_dir=$2 kokkos_dir=$3

nvcc=$(command -v nvcc || true)
if [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc; fi
if [ -z "$nvcc" ]; then echo "cuda_build_check: SKIPPED: no nvcc on PATH or in /usr/local/cuda"; exit 77; fi
cuda_root=$(dirname "$(dirname "$(readlink -f "$nvcc")")")

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
