# Finds Kokkos and repairs the include directory of Debian's Kokkos::kokkos.
#
# Debian 12's libtrilinos-kokkos-dev (Kokkos 3.4.1 from Trilinos 13.2) computes
# the include directory of Kokkos::kokkos three levels above its config file,
# which gives /usr/lib/include; the headers are in /usr/include/trilinos
# (Kokkos_INCLUDE_DIRS). Every include directory of the target that does not
# exist is replaced by the directory that holds Kokkos_Core.hpp. A correct
# Kokkos 4.x installation (OpenMP, CUDA, ...) passes through untouched.

find_package(Kokkos REQUIRED)

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
