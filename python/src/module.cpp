// qzone._core: the C++ engine as the Python package `qzone` sees it. The
// package (python/qzone) builds its API and the Qiskit layer on top.

#include <runtime/build_info.hpp>

#include <nanobind/stl/string.h>

#include "bindings.hpp"

NB_MODULE(_core, m) {
    m.doc() = "qzone's C++ engine: runtime, circuits, runs (use the package qzone, not this module)";
    m.attr("__version__") = qzone::build_info().qzone_version;
    qzone::python::bind_errors(m);
    qzone::python::bind_runtime(m);
    qzone::python::bind_circuit(m);
    qzone::python::bind_run(m);
}
