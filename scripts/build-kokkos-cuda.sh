#!/usr/bin/env bash
# build-kokkos-cuda.sh KOKKOS_SOURCE INSTALL_PREFIX [ARCH]
# Builds and installs a Kokkos with the CUDA backend (and Serial on the host)
# for qzone's GPU build, from a Kokkos source tree you provide (a release
# tarball or a git checkout; nothing of Kokkos is part of qzone). ARCH is a
# Kokkos architecture option, HOPPER90 (H100) by default; AMPERE80 for A100.
#
# Kokkos before 4.7.01 does not compile with CUDA 13, and Kokkos 4.5-4.6
# programs built by g++ 12.2-12.4 crash on default-constructed Views. Where
# the tree still has those defects this script mends them in place, as the
# Kokkos fixes do (kokkos/kokkos PR 8298 and 8707: the CUDA 13 signatures of
# cudaGraphAddDependencies, cudaMemPrefetchAsync and cudaMemAdvise; PR 8223:
# SharedAllocationTracker's constructor not constexpr under g++ 12), and sets
# nvcc_wrapper's default architecture to one CUDA 13 accepts. Each mend
# looks for the exact old text and says what it did; a tree that has the
# fixes already is left as it is. Takes about 6 minutes on 2 cores.
set -euo pipefail
source_dir=$(readlink -f "$1") prefix=$2 arch=${3:-HOPPER90}
nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
[ -x "$nvcc" ] || { echo "build-kokkos-cuda: no nvcc (put the CUDA toolkit's bin on PATH)" >&2; exit 1; }
export PATH="$(dirname "$nvcc"):$PATH"

python3 - "$source_dir" <<'PY'
import pathlib, sys
root = pathlib.Path(sys.argv[1])
def mend(relative, old, new, what):
    path = root / relative
    text = path.read_text()
    if new not in text and old in text:
        path.write_text(text.replace(old, new, 1))
        print(f"build-kokkos-cuda: mended {relative}: {what}")
instance = "core/src/Cuda/Kokkos_Cuda_Instance.hpp"
mend(instance,
     "    return cudaGraphAddDependencies(graph, from, to, numDependencies);",
     "#if CUDART_VERSION >= 13000\n    return cudaGraphAddDependencies(graph, from, to, nullptr, numDependencies);\n"
     "#else\n    return cudaGraphAddDependencies(graph, from, to, numDependencies);\n#endif",
     "cudaGraphAddDependencies takes edge data in CUDA 13")
mend(instance,
     "    return cudaMemPrefetchAsync(devPtr, count, dstDevice, m_stream);",
     "#if CUDART_VERSION >= 13000\n    cudaMemLocation location;\n    location.type = cudaMemLocationTypeDevice;\n"
     "    location.id   = dstDevice;\n    return cudaMemPrefetchAsync(devPtr, count, location, 0, m_stream);\n"
     "#else\n    return cudaMemPrefetchAsync(devPtr, count, dstDevice, m_stream);\n#endif",
     "cudaMemPrefetchAsync takes a cudaMemLocation in CUDA 13")
mend("core/src/Cuda/Kokkos_CudaSpace.cpp", "KOKKOS_IMPL_CUDA_SAFE_CALL(cudaMemAdvise_v2(",
     "KOKKOS_IMPL_CUDA_SAFE_CALL(cudaMemAdvise(", "cudaMemAdvise_v2 is cudaMemAdvise in CUDA 13")
mend("core/src/impl/Kokkos_SharedAlloc.hpp",
     "  KOKKOS_FORCEINLINE_FUNCTION constexpr SharedAllocationTracker()\n      : m_record_bits(DO_NOT_DEREF_FLAG) {}",
     "#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12 && !defined(__CUDA_ARCH__)\n"
     "  KOKKOS_FORCEINLINE_FUNCTION SharedAllocationTracker()\n      : m_record_bits(DO_NOT_DEREF_FLAG) {}\n"
     "#else\n  KOKKOS_FORCEINLINE_FUNCTION constexpr SharedAllocationTracker()\n"
     "      : m_record_bits(DO_NOT_DEREF_FLAG) {}\n#endif",
     "g++ 12 drops the constexpr constructor (kokkos/kokkos#8187)")
mend("bin/nvcc_wrapper", 'default_arch="sm_70"', 'default_arch="sm_90"', "CUDA 13 has no sm_70")
PY

build_dir="$source_dir/build-qzone-cuda"
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_STANDARD=17 \
  -DCMAKE_CXX_COMPILER="$source_dir/bin/nvcc_wrapper" -DKokkos_ENABLE_CUDA=ON -DKokkos_ENABLE_SERIAL=ON \
  -DKokkos_ARCH_"$arch"=ON -DKokkos_ENABLE_TESTS=OFF -DKokkos_ENABLE_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$prefix"
cmake --build "$build_dir" -j "$(nproc)"
cmake --install "$build_dir"
echo "build-kokkos-cuda: Kokkos with CUDA ($arch) installed in $prefix; configure qzone with"
echo "  cmake -S . -B build-cuda -DQZONE_ENABLE_CUDA=ON -DKokkos_ROOT=$prefix -DCMAKE_CXX_COMPILER=$prefix/bin/nvcc_wrapper"
