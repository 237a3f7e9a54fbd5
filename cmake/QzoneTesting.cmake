# qzone_add_mpi_test(NAME <name> TARGET <target> RANKS <n>... [ARGS <arg>...]
#                    [TIMEOUT <seconds>] [LABELS <label>...])
#
# Adds one CTest test per rank count, <name>.np<n>, running <target> under
# mpiexec. The environment lets Open MPI run as root and place more ranks
# than there are cores, as CI containers need.

set(QZONE_TEST_ENVIRONMENT
  OMPI_ALLOW_RUN_AS_ROOT=1
  OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  OMPI_MCA_rmaps_base_oversubscribe=1
  CACHE STRING "Environment of every MPI test")
# The cost model is measured once per build tree, not in the user's cache
# (docs/cost_model.md): every test of a run plans with the same model.
list(APPEND QZONE_TEST_ENVIRONMENT QZONE_CACHE_DIR=${CMAKE_BINARY_DIR}/cost-model-cache)

function(qzone_add_mpi_test)
  cmake_parse_arguments(ARG "" "NAME;TARGET;TIMEOUT" "RANKS;ARGS;LABELS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  foreach(ranks IN LISTS ARG_RANKS)
    set(test_name ${ARG_NAME}.np${ranks})
    add_test(NAME ${test_name}
      COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ranks} ${MPIEXEC_PREFLAGS}
              $<TARGET_FILE:${ARG_TARGET}> ${MPIEXEC_POSTFLAGS} ${ARG_ARGS})
    set_tests_properties(${test_name} PROPERTIES
      PROCESSORS ${ranks}
      TIMEOUT ${ARG_TIMEOUT}
      LABELS "mpi;${ARG_LABELS}"
      ENVIRONMENT "${QZONE_TEST_ENVIRONMENT}")
  endforeach()
endfunction()
