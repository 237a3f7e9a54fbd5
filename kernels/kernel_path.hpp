#pragma once
// Which compiled form of the dense-block kernels runs (fused_blocks.hpp):
// baseline x86-64, x86-64-v3 (AVX2 with fused multiply-add) or x86-64-v4
// (AVX-512). The fastest the processor runs, unless QZONE_KERNEL_PATH says
// otherwise (tests force each path). Results are bit-identical across rank
// counts within a path, and between the two fused paths; the baseline
// rounds differently (no fused multiply-add), so every rank of a run must
// take the same path: the same processors and environment give it.

#include <string>

#include <runtime/errors.hpp>

namespace qzone::kernels {

enum class KernelPath { baseline, avx2_fma, avx512 };

inline const char* kernel_path_name(KernelPath path) {
    switch (path) {
    case KernelPath::avx2_fma: return "avx2";
    case KernelPath::avx512: return "avx512";
    case KernelPath::baseline: break;
    }
    return "baseline";
}

/// Whether this build and processor run `path`.
inline bool kernel_path_runs(KernelPath path) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
    __builtin_cpu_init();
    if (path == KernelPath::avx512) return __builtin_cpu_supports("x86-64-v4");
    if (path == KernelPath::avx2_fma) return __builtin_cpu_supports("x86-64-v3");
#endif
    return path == KernelPath::baseline;
}

/// The path in use, for the functions below (the fastest available at first).
inline KernelPath& kernel_path_setting() {
    static KernelPath path = kernel_path_runs(KernelPath::avx512)     ? KernelPath::avx512
                             : kernel_path_runs(KernelPath::avx2_fma) ? KernelPath::avx2_fma
                                                                      : KernelPath::baseline;
    return path;
}

/// The path the kernels take.
inline KernelPath kernel_path() { return kernel_path_setting(); }

/// Makes the kernels take `path`.
/// @throw qzone::InputError when this build or processor cannot run it.
inline void set_kernel_path(KernelPath path) {
    if (!kernel_path_runs(path))
        throw InputError(std::string("kernel path '") + kernel_path_name(path) +
                         "' is not available on this processor or build");
    kernel_path_setting() = path;
}

/// Takes the path QZONE_KERNEL_PATH names (baseline, avx2, avx512), if set.
/// @throw qzone::InputError naming the variable for another value or a path
///        this processor cannot run.
inline void set_kernel_path_from_environment(const char* value) {
    if (value == nullptr || *value == '\0') return;
    const std::string name = value;
    for (KernelPath path : {KernelPath::baseline, KernelPath::avx2_fma, KernelPath::avx512})
        if (name == kernel_path_name(path)) {
            if (!kernel_path_runs(path))
                throw InputError("QZONE_KERNEL_PATH: '" + name + "' is not available on this processor or build");
            kernel_path_setting() = path;
            return;
        }
    throw InputError("QZONE_KERNEL_PATH: '" + name + "' is not a kernel path (baseline, avx2, avx512)");
}

} // namespace qzone::kernels
