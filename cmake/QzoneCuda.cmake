# Optional GPU support: the CUDA runtime (device queries) and NCCL (device
# transports). Both must be found when QZONE_ENABLE_CUDA is ON; a machine
# without a GPU still builds, and reports no devices at run time.

find_package(CUDAToolkit REQUIRED)

find_path(QZONE_NCCL_INCLUDE_DIR nccl.h
  HINTS ${CUDAToolkit_INCLUDE_DIRS} ENV NCCL_HOME
  PATH_SUFFIXES include
  REQUIRED)
find_library(QZONE_NCCL_LIBRARY nccl
  HINTS ${CUDAToolkit_LIBRARY_DIR} ENV NCCL_HOME
  PATH_SUFFIXES lib lib64
  REQUIRED)

if(NOT TARGET qzone_nccl)
  add_library(qzone_nccl UNKNOWN IMPORTED)
  set_target_properties(qzone_nccl PROPERTIES
    IMPORTED_LOCATION "${QZONE_NCCL_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${QZONE_NCCL_INCLUDE_DIR}")
endif()
if(QZONE_KOKKOS_HAS_CUDA)
  set(_qzone_gpu_path "amplitudes and kernels on the GPU, NCCL transport built")
else()
  set(_qzone_gpu_path "device queries only: Kokkos ${Kokkos_VERSION} has no CUDA backend, so amplitudes stay in host "
                      "memory (docs/gpu.md: -DKokkos_ROOT=<a Kokkos built with CUDA>)")
endif()
message(STATUS "qzone: CUDA ${CUDAToolkit_VERSION}, NCCL ${QZONE_NCCL_LIBRARY}; ${_qzone_gpu_path}")
unset(_qzone_gpu_path)
