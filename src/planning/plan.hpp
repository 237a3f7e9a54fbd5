#pragma once
// Private (planning layer): a circuit as a plan of steps. Steps name qubits,
// never bit positions: the execution layer translates them through the
// state's qubit map when it runs them. A plan is the same on every rank.

#include <complex>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/qubit_map.hpp>

namespace qzone::planning {

/// A fused block: `matrix` (4^k entries, row-major) on `qubits`, all inside
/// chunks; matrix index bit j is qubits[j]. One pass.
struct DenseBlock {
    std::vector<unsigned> qubits;
    std::vector<std::complex<double>> matrix;
};
/// A fused diagonal: `diagonal` (2^k entries) on `qubits`, wherever they lie.
/// One pass.
struct DiagonalBlock {
    std::vector<unsigned> qubits;
    std::vector<std::complex<double>> diagonal;
};
/// The qubits of each pair trade places: the first comes inside chunks, the
/// second leaves. One pass.
struct Exchange {
    std::vector<std::pair<unsigned, unsigned>> pairs;
};
/// `qubit` measured into classical bit `clbit`.
struct Measure {
    unsigned qubit = 0, clbit = 0;
};
/// `qubit` set to |0>.
struct Reset {
    unsigned qubit = 0;
};
/// Classical bit `clbit` set to `value`; no amplitude changes.
struct AssignBit {
    unsigned clbit = 0;
    int value = 0;
};
/// The run stops with `message`, located at `where` (qzone::QasmError).
struct Abort {
    std::string message;
    SourceLocation where;
};

/// What a step does: a fused block, a gate as apply_gate() runs it (too
/// wide to fuse, conditioned, or fusion off), an exchange of qubits, a
/// measurement, a reset, or a classical step.
using Action = std::variant<DenseBlock, DiagonalBlock, Gate, Exchange, Measure, Reset, AssignBit, Abort>;

struct Step {
    Action action;
    /// Run only if the classical bits read this (gates, measurements, resets).
    std::optional<ClassicalCondition> condition;
    std::size_t operations = 0; ///< circuit operations this step carries out
    /// After this step the state is the circuit's after this many operations
    /// (counted from the start of the circuit): a step boundary where
    /// checkpoints, replay and stop requests may act.
    std::optional<std::size_t> completes;

    /// For messages and metrics: the gate's name, "dense<k>", "diagonal",
    /// "exchange", "measure", "reset", "assign", "abort".
    std::string name() const;
    /// Whether running the step reads and writes the whole state once (an
    /// unconditioned, uncontrolled swap is a relabel: no pass).
    bool is_pass() const;
    /// The step's action if it is an A, else nullptr.
    template<class A>
    const A* as() const noexcept { return std::get_if<A>(&action); }
};

/// Whether `step` is an unconditioned, uncontrolled swap: the executor
/// relabels the two qubits in the map and moves no amplitude.
bool is_relabel(const Step& step);

struct Plan {
    std::vector<Step> steps;
    /// Where the qubits should lie before the first step, when the state is
    /// |0...0> (invariant under any map); std::nullopt: leave the map as it is.
    std::optional<QubitMap> initial_map;
};

} // namespace qzone::planning
