// run(): a circuit on a runtime, as qzone::run_circuit runs it, with the
// result as Python values (NumPy arrays for listings) and, on request, the
// final state, whose local share NumPy sees without a copy.

#include <complex>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <runtime/apply_gate.hpp>
#include <runtime/measurement.hpp>
#include <runtime/pauli.hpp>
#include <runtime/run.hpp>
#include <runtime/state_views.hpp>

#include <nanobind/ndarray.h>
#include <nanobind/stl/complex.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "runtime_holder.hpp"

namespace qzone::python {
namespace {

/// A NumPy array that takes over `values`.
template<class T>
nb::object numpy_of(std::vector<T>&& values) {
    auto* owned = new std::vector<T>(std::move(values));
    const nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
    return nb::cast(nb::ndarray<nb::numpy, T, nb::ndim<1>>(owned->data(), {owned->size()}, owner));
}

/// A final state and every NumPy view of it share one box. The package
/// empties every box at exit (close_all_states), before the runtime that
/// started Kokkos finalizes it: a view that outlives that moment (during
/// interpreter teardown) no longer keeps memory that Kokkos cannot free.
struct StateBox {
    std::shared_ptr<DistributedState> state;
};

std::vector<std::weak_ptr<StateBox>>& open_boxes() {
    static std::vector<std::weak_ptr<StateBox>> boxes;
    return boxes;
}

class StateHolder {
public:
    explicit StateHolder(std::shared_ptr<DistributedState> state)
        : box_(std::make_shared<StateBox>(StateBox{std::move(state)})) {
        open_boxes().push_back(box_);
    }
    /// @throw qzone::InputError once closed.
    DistributedState& state() const {
        if (!box_->state) throw InputError("this qzone State is closed");
        return *box_->state;
    }
    /// Frees the state. @throw qzone::InputError while NumPy arrays still view it.
    void close() {
        if (const long views = box_.use_count() - 1; views > 0 && box_->state)
            throw InputError("State.close(): " + std::to_string(views) +
                             " NumPy array(s) from local_amplitudes() still view this state; drop them first");
        box_->state.reset();
    }

    /// This rank's amplitudes in stored order, shared with NumPy: the array
    /// keeps the state's memory alive.
    nb::object local_amplitudes() const {
        DistributedState& s = state();
        return with_real_type(s.precision(), [&](auto tag) -> nb::object {
            using Real = decltype(tag);
            const AmplitudeView<Real> view = qzone::local_amplitudes<Real>(s);
            if constexpr (!Kokkos::SpaceAccessibility<Kokkos::HostSpace,
                                                      typename AmplitudeView<Real>::memory_space>::accessible)
                throw InputError("the state lives in device memory; gather it with amplitudes_on_root()");
            auto* keep = new std::shared_ptr<StateBox>(box_);
            const nb::capsule owner(keep, [](void* p) noexcept { delete static_cast<std::shared_ptr<StateBox>*>(p); });
            auto* data = reinterpret_cast<std::complex<Real>*>(view.data());
            return nb::cast(nb::ndarray<nb::numpy, std::complex<Real>, nb::ndim<1>>(data, {view.extent(0)}, owner));
        });
    }

private:
    std::shared_ptr<StateBox> box_;
};

nb::dict result_of(RunResult&& run) {
    nb::dict result;
    result["counts"] = nb::cast(run.counts);
    result["memory"] = nb::cast(run.memory);
    result["probabilities"] =
        run.probabilities ? numpy_of(std::move(*run.probabilities)) : nb::none();
    result["amplitudes"] = run.amplitudes ? numpy_of(std::move(*run.amplitudes)) : nb::none();
    result["expectations"] = nb::cast(run.expectations);
    result["fingerprint"] = run.fingerprint;
    result["simulate_seconds"] = run.simulate_seconds;
    result["sample_seconds"] = run.sample_seconds;
    result["trajectories"] = run.trajectories;
    result["chunks"] = run.chunks;
    result["notes"] = nb::cast(run.notes);
    result["passes"] = run.plan.passes;
    result["exchange_stages"] = run.plan.exchange_stages;
    result["state"] = run.state ? nb::cast(StateHolder(std::move(run.state))) : nb::none();
    return result;
}

} // namespace

void bind_run(nb::module_& m) {
    nb::class_<StateHolder>(m, "State", "A final state kept by run(keep_state=True), spread over the ranks")
        .def_prop_ro("qubits", [](const StateHolder& s) { return s.state().qubits(); })
        .def_prop_ro("precision", [](const StateHolder& s) { return std::string(name_of(s.state().precision())); })
        .def_prop_ro("first_local_index",
                     [](const StateHolder& s) {
                         const DistributedState& state = s.state();
                         return state.first_local_chunk() * state.layout().chunk_size();
                     })
        .def_prop_ro("qubit_positions",
                     [](const StateHolder& s) {
                         const QubitMap& map = s.state().qubit_map();
                         std::vector<unsigned> positions;
                         for (unsigned q = 0; q < map.qubits(); ++q) positions.push_back(map.position(q));
                         return positions;
                     })
        .def("local_amplitudes", &StateHolder::local_amplitudes,
             "This rank's amplitudes in stored order (qubit q at bit qubit_positions[q]; align() makes it q), "
             "as a NumPy array sharing the state's memory: no copy.")
        .def(
            "align",
            [](const StateHolder& s) {
                nb::gil_scoped_release unlocked;
                DistributedState& state = s.state();
                align_qubit_map(state, QubitMap(state.qubits()));
            },
            "Moves the amplitudes so that qubit q lies at bit q (basis-state order). Collective.")
        .def(
            "amplitudes_on_root",
            [](const StateHolder& s) -> nb::object {
                std::optional<std::vector<std::complex<double>>> amplitudes;
                {
                    nb::gil_scoped_release unlocked;
                    amplitudes = s.state().amplitudes_on_root();
                }
                return amplitudes ? numpy_of(std::move(*amplitudes)) : nb::none();
            },
            "All 2^n amplitudes in basis-state order on rank 0 (None elsewhere). Collective.")
        .def(
            "norm",
            [](const StateHolder& s) {
                nb::gil_scoped_release unlocked;
                return s.state().norm();
            },
            "sqrt(<psi|psi>). Collective.")
        .def(
            "expectation",
            [](const StateHolder& s, const std::string& observable) {
                const PauliSum sum = parse_pauli_sum(observable);
                nb::gil_scoped_release unlocked;
                return expectation(s.state(), sum);
            },
            nb::arg("observable"), "<psi|H|psi> for a weighted Pauli sum such as '0.5*Z0Z1 + X2'. Collective.")
        .def("close", &StateHolder::close, "Frees the state on this rank (refused while NumPy arrays view it).");
    m.def(
        "close_all_states",
        [] {
            for (const std::weak_ptr<StateBox>& weak : open_boxes())
                if (const auto box = weak.lock()) box->state.reset();
            open_boxes().clear();
        },
        "Frees every kept state, viewed or not (the package calls it at exit, before MPI and Kokkos end).");

    m.def(
        "run",
        [](const RuntimeHolder& runtime, const Circuit& circuit, std::size_t shots, std::uint64_t seed,
           const std::string& precision, bool probabilities, bool amplitudes, bool memory,
           const std::vector<std::string>& observables, bool keep_state, bool fusion, unsigned fusion_max_qubits,
           unsigned max_listed_qubits, std::optional<std::size_t> max_memory_bytes,
           std::optional<std::size_t> exchange_buffer_bytes, bool share_node_memory) {
            RunOptions options;
            options.shots = shots;
            options.seed = seed;
            options.probabilities = probabilities;
            options.amplitudes = amplitudes;
            options.memory = memory;
            options.expectations = observables;
            options.keep_state = keep_state;
            options.plan.fusion = fusion;
            options.plan.fusion_max_qubits = fusion_max_qubits;
            options.max_listed_qubits = max_listed_qubits;
            options.state.precision = parse_precision(precision);
            options.state.max_memory_bytes = max_memory_bytes;
            if (exchange_buffer_bytes) options.state.exchange_buffer_bytes = *exchange_buffer_bytes;
            options.state.share_node_memory = share_node_memory;
            RunResult run;
            {
                nb::gil_scoped_release unlocked;
                run = run_circuit(runtime.view(), circuit, options);
            }
            return result_of(std::move(run));
        },
        nb::arg("runtime"), nb::arg("circuit"), nb::arg("shots"), nb::arg("seed"), nb::arg("precision"),
        nb::arg("probabilities"), nb::arg("amplitudes"), nb::arg("memory"), nb::arg("observables"),
        nb::arg("keep_state"), nb::arg("fusion"), nb::arg("fusion_max_qubits"), nb::arg("max_listed_qubits"),
        nb::arg("max_memory_bytes").none(), nb::arg("exchange_buffer_bytes").none(), nb::arg("share_node_memory"),
        "qzone::run_circuit with these options; a dict of results. Collective.");
}

} // namespace qzone::python
