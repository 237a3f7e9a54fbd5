// Runtime: a RuntimeView held for Python. Python code cannot decide when a
// C++ destructor runs, and MPI and Kokkos cannot start twice in a process,
// so the package (qzone/runtime.py) closes every Runtime explicitly at
// interpreter exit, the one that started MPI and Kokkos last.

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include <mpi.h>

#include <runtime/errors.hpp>
#include <runtime/runtime_view.hpp>

#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "runtime_holder.hpp"

namespace qzone::python {

const RuntimeView& RuntimeHolder::view() const {
    if (!view_) throw InputError("this qzone Runtime is closed (the interpreter is exiting)");
    return *view_;
}

void bind_runtime(nb::module_& m) {
    nb::class_<RuntimeHolder>(m, "Runtime", "A RuntimeView: the ranks a state is spread over")
        .def_static(
            "on_self", [] { return RuntimeHolder(RuntimeView(MPI_COMM_SELF)); },
            "A view of this process alone; starts MPI and Kokkos if they are not running. Not collective.")
        .def_static(
            "on_world", [] { return RuntimeHolder(RuntimeView()); },
            "A view of MPI_COMM_WORLD. Collective over it.")
        .def_static(
            "on_fortran_handle",
            [](long handle) {
                int initialized = 0;
                MPI_Initialized(&initialized);
                if (!initialized) throw InputError("a communicator was given, but MPI is not running");
                return RuntimeHolder(RuntimeView(MPI_Comm_f2c(static_cast<MPI_Fint>(handle))));
            },
            nb::arg("handle"),
            "A view of the communicator with this Fortran handle (mpi4py: comm.py2f()). Collective over it.")
        .def_prop_ro("rank", [](const RuntimeHolder& r) { return r.view().my_resource_set().mpi_rank(); })
        .def_prop_ro("size", [](const RuntimeHolder& r) { return r.view().size(); })
        .def_prop_ro("node_count", [](const RuntimeHolder& r) { return r.view().node_count(); })
        .def_prop_ro("host_threads",
                     [](const RuntimeHolder& r) { return r.view().my_resource_set().host_threads(); })
        .def_prop_ro("started_mpi", [](const RuntimeHolder& r) { return r.view().did_i_start_mpi(); })
        .def_prop_ro("started_kokkos", [](const RuntimeHolder& r) { return r.view().did_i_start_kokkos(); })
        .def_prop_ro("closed", [](const RuntimeHolder& r) { return !r.is_open(); })
        .def(
            "barrier",
            [](const RuntimeHolder& r) {
                nb::gil_scoped_release unlocked;
                r.view().barrier();
            },
            "Waits for every rank.")
        .def(
            "agree",
            [](const RuntimeHolder& r, bool ok, const std::string& what, const std::string& kind) {
                ErrorKind error_kind = ErrorKind::input;
                for (ErrorKind k : {ErrorKind::input, ErrorKind::resource, ErrorKind::io, ErrorKind::mpi,
                                    ErrorKind::internal, ErrorKind::interrupted})
                    if (kind == to_string(k)) error_kind = k;
                nb::gil_scoped_release unlocked;
                r.view().agree(ok, what, error_kind);
            },
            nb::arg("ok"), nb::arg("what"), nb::arg("kind") = "input",
            "Returns on every rank if ok is true everywhere; otherwise raises the same error (of `kind`) on every "
            "rank, naming each failing rank with its `what`. Collective.")
        .def(
            "common_random_seed",
            [](const RuntimeHolder& r) {
                std::uint64_t seed = 0;
                if (r.view().my_resource_set().mpi_rank() == 0) {
                    std::random_device entropy;
                    seed = std::uint64_t{entropy()} << 32 ^ entropy();
                }
                nb::gil_scoped_release unlocked;
                return r.view().reduce(seed, std::bit_or<>{});
            },
            "A random seed drawn on rank 0, the same on every rank. Collective.")
        .def("close", &RuntimeHolder::close,
             "Releases this view (the last view to close tears MPI and Kokkos down if it started them).");
}

} // namespace qzone::python
