#pragma once
// The Python binding (module qzone._core): one function per part of the C++
// API it exposes, each in a file of its own, called by module.cpp.

#include <nanobind/nanobind.h>

namespace qzone::python {

namespace nb = nanobind;

/// qzone::Error and its kinds raised as the classes of qzone.errors.
void bind_errors(nb::module_& m);
/// Runtime: the RuntimeView, on MPI_COMM_WORLD or a communicator of the caller's.
void bind_runtime(nb::module_& m);
/// Circuit: built operation by operation, or read from OpenQASM.
void bind_circuit(nb::module_& m);
/// run(): a circuit on a runtime, its result and its final state.
void bind_run(nb::module_& m);

} // namespace qzone::python
