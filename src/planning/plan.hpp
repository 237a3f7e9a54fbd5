#pragma once
// Private (planning layer): a circuit as a plan of steps. Steps name qubits,
// never bit positions: the execution layer translates them through the
// state's qubit map when it runs them. A plan is the same on every rank.

#include <complex>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <runtime/circuit.hpp>
#include <runtime/qubit_map.hpp>

namespace qzone::planning {

struct Step {
    enum class Kind {
        dense,       ///< `matrix` on `qubits` (all inside chunks), one pass
        diagonal,    ///< `entries` on `qubits` (anywhere), one pass
        gate,        ///< `gate` as apply_gate() runs it (too wide to fuse, or fusion off)
        exchange,    ///< the qubits of each pair trade places: first comes inside chunks, second leaves
        measure,     ///< `qubit` into classical bit `clbit`
        reset,       ///< `qubit` to |0>
    };
    Kind kind = Kind::gate;
    std::vector<unsigned> qubits;                    ///< dense, diagonal: matrix index bit j = qubits[j]
    std::vector<std::complex<double>> entries;       ///< dense: 4^k row-major; diagonal: 2^k
    Gate gate;                                       ///< gate
    std::vector<std::pair<unsigned, unsigned>> pairs; ///< exchange: (incoming, outgoing) qubits
    unsigned qubit = 0, clbit = 0;                   ///< measure, reset
    std::optional<ClassicalCondition> condition;     ///< gate: run only if the bits read this
    std::size_t operations = 0;                      ///< circuit operations this step carries out
    /// After this step the state is the circuit's after this many operations
    /// (counted from the start of the circuit): a step boundary where
    /// checkpoints, replay and stop requests may act.
    std::optional<std::size_t> completes;

    /// For messages and metrics: the gate's name, "dense<k>", "diagonal",
    /// "exchange", "measure", "reset".
    std::string name() const;
    /// Whether running the step reads and writes the whole state once (an
    /// unconditioned, uncontrolled swap is a relabel: no pass).
    bool is_pass() const;
};

struct Plan {
    std::vector<Step> steps;
    /// Where the qubits should lie before the first step, when the state is
    /// |0...0> (invariant under any map); std::nullopt: leave the map as it is.
    std::optional<QubitMap> initial_map;
};

} // namespace qzone::planning
