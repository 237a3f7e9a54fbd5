# Finds Kokkos, repairs the include directory of Debian's Kokkos::kokkos, and
# warns of a Kokkos that is known to crash with the compiler in use.
#
# An installed qzone sets QZONE_KOKKOS_DIR and QZONE_KOKKOS_VERSION (in
# qzoneConfig.cmake): the consumer gets the Kokkos qzone was compiled
# against, or a clear error, never another Kokkos found first on its paths.
#
# Debian 12's libtrilinos-kokkos-dev (Kokkos 3.4.1 from Trilinos 13.2) computes
# the include directory of Kokkos::kokkos three levels above its config file,
# which gives /usr/lib/include; the headers are in /usr/include/trilinos
# (Kokkos_INCLUDE_DIRS). Every include directory of the target that does not
# exist is replaced by the directory that holds Kokkos_Core.hpp. A correct
# Kokkos 4.x installation (OpenMP, CUDA, ...) passes through untouched.

if(QZONE_KOKKOS_DIR AND NOT TARGET Kokkos::kokkos)
  find_package(Kokkos ${QZONE_KOKKOS_VERSION} EXACT CONFIG QUIET PATHS "${QZONE_KOKKOS_DIR}" NO_DEFAULT_PATH)
  if(NOT Kokkos_FOUND)
    message(FATAL_ERROR "qzone was built against Kokkos ${QZONE_KOKKOS_VERSION} from ${QZONE_KOKKOS_DIR}, which is "
                        "not there now (or Kokkos_DIR names another version); install that Kokkos or rebuild qzone "
                        "against the one you use")
  endif()
else()
  find_package(Kokkos REQUIRED)
endif()
if(QZONE_KOKKOS_VERSION AND NOT Kokkos_VERSION VERSION_EQUAL QZONE_KOKKOS_VERSION)
  message(FATAL_ERROR "this project uses Kokkos ${Kokkos_VERSION}, but qzone was built against Kokkos "
                      "${QZONE_KOKKOS_VERSION} (${QZONE_KOKKOS_DIR}); both must be the same")
endif()
# Kernels run on a GPU, and amplitudes live there, when Kokkos has CUDA.
if("CUDA" IN_LIST Kokkos_DEVICES)
  set(QZONE_KOKKOS_HAS_CUDA ON)
else()
  set(QZONE_KOKKOS_HAS_CUDA OFF)
endif()
message(STATUS "qzone: Kokkos ${Kokkos_VERSION} from ${Kokkos_DIR}, backends: ${Kokkos_DEVICES}; "
               "kernels on CUDA devices: ${QZONE_KOKKOS_HAS_CUDA}")

# Kokkos 4.5 and 4.6 built with g++ 12.2-12.4 crash on the first
# default-constructed View (SharedAllocationRecord::decrement(nullptr)): a
# miscompiled constexpr constructor, kokkos/kokkos#7464 and #8187, fixed in
# July 2025 (#8223). Say so now rather than let the program crash.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12.2
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 12.5
   AND Kokkos_VERSION VERSION_GREATER_EQUAL 4.5 AND Kokkos_VERSION VERSION_LESS 4.7)
  message(WARNING "Kokkos ${Kokkos_VERSION} with g++ ${CMAKE_CXX_COMPILER_VERSION}: programs crash in "
                  "Kokkos::Impl::SharedAllocationRecord::decrement(nullptr) on default-constructed Views "
                  "(kokkos/kokkos issues 7464 and 8187, a g++ 12.2-12.4 miscompilation fixed in Kokkos in July "
                  "2025). Use Kokkos 4.4 or 4.7 and later, or another compiler (g++ 13, clang).")
endif()

get_target_property(_qzone_kokkos_includes Kokkos::kokkos INTERFACE_INCLUDE_DIRECTORIES)
set(_qzone_kokkos_missing FALSE)
foreach(_dir IN LISTS _qzone_kokkos_includes)
  if(NOT _dir MATCHES "^\\$<" AND NOT IS_DIRECTORY "${_dir}")
    set(_qzone_kokkos_missing TRUE)
  endif()
endforeach()

if(_qzone_kokkos_missing)
  find_path(QZONE_KOKKOS_INCLUDE_DIR Kokkos_Core.hpp
    HINTS ${Kokkos_INCLUDE_DIRS}
    PATH_SUFFIXES trilinos kokkos
    REQUIRED)
  set(_qzone_kokkos_fixed "")
  foreach(_dir IN LISTS _qzone_kokkos_includes)
    if(_dir MATCHES "^\\$<" OR IS_DIRECTORY "${_dir}")
      list(APPEND _qzone_kokkos_fixed "${_dir}")
    endif()
  endforeach()
  list(APPEND _qzone_kokkos_fixed "${QZONE_KOKKOS_INCLUDE_DIR}")
  set_target_properties(Kokkos::kokkos PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_qzone_kokkos_fixed}")
  message(STATUS "qzone: corrected Kokkos::kokkos include directory to ${QZONE_KOKKOS_INCLUDE_DIR}")
endif()

unset(_qzone_kokkos_includes)
unset(_qzone_kokkos_missing)
unset(_qzone_kokkos_fixed)
