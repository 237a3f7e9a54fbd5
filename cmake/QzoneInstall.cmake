# Installs the library, its public headers and a CMake package config that
# brings qzone's dependencies (including the Kokkos include-path repair).
include(CMakePackageConfigHelpers)

set(QZONE_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/qzone)

install(TARGETS qzone EXPORT qzoneTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/runtime DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT qzoneTargets NAMESPACE qzone:: DESTINATION ${QZONE_CMAKE_INSTALL_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/qzoneConfig.cmake.in
  ${PROJECT_BINARY_DIR}/qzoneConfig.cmake
  INSTALL_DESTINATION ${QZONE_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/qzoneConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/qzoneConfig.cmake
    ${PROJECT_BINARY_DIR}/qzoneConfigVersion.cmake
    ${PROJECT_SOURCE_DIR}/cmake/QzoneKokkos.cmake
    ${PROJECT_SOURCE_DIR}/cmake/QzoneCuda.cmake
  DESTINATION ${QZONE_CMAKE_INSTALL_DIR})

# pkg-config: Kokkos has no .pc file, so its flags are written out here,
# read from the imported Kokkos::kokkos target this build used (Kokkos 4 sets
# no Kokkos_LIBRARIES; its OpenMP flag lives on a dependency target).
include(QzonePkgConfigFlags)
qzone_pkg_config_flags(Kokkos::kokkos QZONE_PC_KOKKOS_CFLAGS QZONE_PC_KOKKOS_LIBS)
configure_file(${PROJECT_SOURCE_DIR}/cmake/qzone.pc.in ${PROJECT_BINARY_DIR}/qzone.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/qzone.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
