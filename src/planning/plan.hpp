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
/// chunks; matrix index bit j is qubits[j]. One pass. A `permutation` block
/// (one nonzero entry per row and column: X, CX, CCX, SWAP and phases) moves
/// each amplitude once, times its phase, without the matrix arithmetic.
struct DenseBlock {
    std::vector<unsigned> qubits;
    std::vector<std::complex<double>> matrix;
    bool permutation = false;
};
/// A fused diagonal: `diagonal` (2^k entries) on `qubits`, wherever they lie.
/// One pass.
struct DiagonalBlock {
    std::vector<unsigned> qubits;
    std::vector<std::complex<double>> diagonal;
};
/// Blocks applied tile by tile in one pass over the state: each chunk goes
/// through the cache 2^tile_bits amplitudes at a time (those that differ
/// only at the positions of `qubits` and the lowest other in-chunk
/// positions), every block applied to a tile before the next tile is
/// fetched. Dense blocks act on `qubits` (all inside chunks), diagonal
/// blocks anywhere. Each amplitude goes through the same arithmetic as with
/// the blocks one by one, so results do not depend on the grouping.
struct Sweep {
    std::vector<unsigned> qubits; ///< the dense blocks' qubits, ascending
    unsigned tile_bits = 0;
    std::vector<std::variant<DenseBlock, DiagonalBlock>> blocks;
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

/// What a step does: a fused block, a sweep of blocks, a gate as
/// apply_gate() runs it (too wide to fuse, conditioned, or fusion off), an
/// exchange of qubits, a measurement, a reset, or a classical step.
using Action = std::variant<DenseBlock, DiagonalBlock, Sweep, Gate, Exchange, Measure, Reset, AssignBit, Abort>;

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
    /// "sweep<blocks>", "exchange", "measure", "reset", "assign", "abort".
    std::string name() const;
    /// Whether running the step reads and writes the whole state once (an
    /// unconditioned, uncontrolled swap is a relabel: no pass).
    bool is_pass() const;
    /// The step's action if it is an A, else nullptr.
    template<class A>
    const A* as() const noexcept { return std::get_if<A>(&action); }
};

/// Calls `visit` with each block `step` applies, in order: the step's own
/// DenseBlock or DiagonalBlock, or a sweep's blocks.
template<class Visit>
void for_each_block(const Step& step, Visit&& visit) {
    if (const auto* dense = step.as<DenseBlock>()) return visit(*dense);
    if (const auto* diagonal = step.as<DiagonalBlock>()) return visit(*diagonal);
    if (const auto* sweep = step.as<Sweep>())
        for (const auto& block : sweep->blocks) std::visit(visit, block);
}

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
