#include "fusion.hpp"

#include <algorithm>
#include <iterator>

#include "gate_matrix.hpp"

namespace qzone::planning {
namespace {

/// What a block's matrix is, from the narrowest kind of pass to the widest:
/// the kinds of two gates together is the wider of the two.
enum class Structure { diagonal, permutation, dense };

Structure structure_of(const Gate& gate) {
    if (is_diagonal(gate)) return Structure::diagonal;
    // A gate wider than any block runs alone whatever it is: its matrix
    // (4^k entries) is never built.
    if (qubits_of(gate).size() > max_dense_targets) return Structure::dense;
    return is_permutation_with_phases(gate) ? Structure::permutation : Structure::dense;
}

/// A block still gathering gates; open blocks act on disjoint qubits, so
/// they commute with each other.
struct OpenBlock {
    std::vector<unsigned> qubits; ///< ascending
    std::vector<const Gate*> gates;
    Structure structure = Structure::diagonal;
};

std::vector<unsigned> sorted_union(const std::vector<unsigned>& a, const std::vector<unsigned>& b) {
    std::vector<unsigned> both;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    return both;
}

bool intersects(const std::vector<unsigned>& sorted, const std::vector<unsigned>& qubits) {
    return std::any_of(qubits.begin(), qubits.end(),
                       [&](unsigned q) { return std::binary_search(sorted.begin(), sorted.end(), q); });
}

Step step_of(const OpenBlock& block) {
    Step step;
    step.operations = block.gates.size();
    const std::size_t dim = std::size_t{1} << block.qubits.size();
    if (block.structure == Structure::diagonal) {
        DiagonalBlock fused{block.qubits, std::vector<std::complex<double>>(dim, 1.0)};
        for (const Gate* gate : block.gates) {
            const auto d = diagonal_on(*gate, block.qubits);
            for (std::size_t i = 0; i < dim; ++i) fused.diagonal[i] *= d[i];
        }
        step.action = std::move(fused);
        return step;
    }
    DenseBlock fused{block.qubits, std::vector<std::complex<double>>(dim * dim, 0.0)};
    for (std::size_t i = 0; i < dim; ++i) fused.matrix[i * dim + i] = 1.0;
    for (const Gate* gate : block.gates) fused.matrix = multiply(matrix_on(*gate, block.qubits), fused.matrix, dim);
    // From the product, not the gates: dense gates may multiply to a permutation.
    fused.permutation = is_permutation_with_phases(fused.matrix, dim);
    step.action = std::move(fused);
    return step;
}

class Fuser {
public:
    Fuser(const FusionOptions& options, std::vector<Step>& out) : options_(options), out_(out) {}

    void add_gate(const Gate& gate) {
        std::vector<unsigned> qubits = qubits_of(gate);
        std::sort(qubits.begin(), qubits.end());
        const Structure structure = structure_of(gate);
        const bool relabel = gate.kind == GateKind::swap && gate.controls.empty();
        if (!options_.enabled || relabel) return emit_alone(gate, qubits);

        std::vector<std::size_t> touching;
        std::vector<unsigned> merged = qubits;
        double separate = cost(structure, qubits.size());
        Structure merged_structure = structure;
        for (std::size_t b = 0; b < open_.size(); ++b)
            if (intersects(open_[b].qubits, qubits)) {
                touching.push_back(b);
                merged = sorted_union(merged, open_[b].qubits);
                separate += cost(open_[b].structure, open_[b].qubits.size());
                merged_structure = std::max(merged_structure, open_[b].structure);
            }
        // A gate inside one block's qubits that does not widen its kind costs nothing more.
        if (touching.size() == 1 && merged.size() == open_[touching[0]].qubits.size() &&
            structure <= open_[touching[0]].structure)
            return open_[touching[0]].gates.push_back(&gate);
        if (merged.size() <= limit(merged_structure) &&
            (merged_structure == Structure::diagonal || cost(merged_structure, merged.size()) <= separate))
            return join({}, touching, merged, gate, merged_structure);
        if (qubits.size() > limit(structure)) {
            flush(touching);
            return emit_alone(gate, qubits);
        }
        // The gate cannot join every block it touches: it opens a block that
        // takes those it fits with, narrowest first, while one pass costs
        // less than two (a lone one-qubit gate before a two-qubit one costs no
        // pass of its own); the others end here.
        std::stable_sort(touching.begin(), touching.end(), [&](std::size_t a, std::size_t b) {
            return open_[a].qubits.size() < open_[b].qubits.size();
        });
        std::vector<std::size_t> taken, ended;
        std::vector<unsigned> grown = qubits;
        Structure grown_structure = structure;
        for (std::size_t b : touching) {
            std::vector<unsigned> wider = sorted_union(grown, open_[b].qubits);
            const Structure wider_structure = std::max(grown_structure, open_[b].structure);
            if (wider.size() <= limit(wider_structure) &&
                cost(wider_structure, wider.size()) <=
                    cost(grown_structure, grown.size()) + cost(open_[b].structure, open_[b].qubits.size())) {
                taken.push_back(b);
                grown = std::move(wider);
                grown_structure = wider_structure;
            } else {
                ended.push_back(b);
            }
        }
        std::sort(taken.begin(), taken.end());
        std::sort(ended.begin(), ended.end());
        join(ended, taken, std::move(grown), gate, grown_structure);
    }

    /// A step that must follow every gate before it on `qubits`.
    void add_in_order(Step step, const std::vector<unsigned>& qubits) {
        flush_touching(qubits);
        out_.push_back(std::move(step));
    }

    /// Ends every open block; the state is then the circuit's after `operations`.
    void cut(std::size_t operations) {
        gather_diagonals();
        std::vector<std::size_t> all(open_.size());
        for (std::size_t b = 0; b < all.size(); ++b) all[b] = b;
        flush(all);
        if (!out_.empty() && !out_.back().completes) out_.back().completes = operations;
    }

private:
    /// A pass applying a block of `structure` on `width` qubits. A
    /// permutation moves each amplitude once, times a phase, as a diagonal
    /// multiplies it once: priced alike, at any width.
    double cost(Structure structure, std::size_t width) const {
        return structure == Structure::dense ? options_.costs.dense_block(width) : options_.costs.diagonal;
    }

    /// The widest block of `structure`.
    unsigned limit(Structure structure) const {
        switch (structure) {
        case Structure::diagonal: return options_.max_diagonal_width;
        case Structure::permutation: return options_.max_permutation_width;
        case Structure::dense: break;
        }
        return options_.max_width;
    }

    void emit_alone(const Gate& gate, const std::vector<unsigned>& qubits) {
        Step step;
        step.action = gate;
        step.operations = 1;
        add_in_order(std::move(step), qubits);
    }

    void flush_touching(const std::vector<unsigned>& qubits) {
        std::vector<unsigned> sorted = qubits;
        std::sort(sorted.begin(), sorted.end());
        std::vector<std::size_t> touching;
        for (std::size_t b = 0; b < open_.size(); ++b)
            if (intersects(open_[b].qubits, sorted)) touching.push_back(b);
        flush(touching);
    }

    /// Joins open diagonal blocks, each into the first before it that still
    /// has room: open blocks act on disjoint qubits, so any of them may be
    /// applied together, and a diagonal pass costs the same on 2 qubits as
    /// on 10 (a layer of CZ gates that nothing follows is one pass, not one
    /// per gate).
    void gather_diagonals() {
        for (std::size_t b = 0; b < open_.size();) {
            std::size_t into = 0;
            while (into < b && !(open_[into].structure == Structure::diagonal &&
                                 open_[b].structure == Structure::diagonal &&
                                 open_[into].qubits.size() + open_[b].qubits.size() <= options_.max_diagonal_width))
                ++into;
            if (into == b) {
                ++b;
                continue;
            }
            open_[into].qubits = sorted_union(open_[into].qubits, open_[b].qubits);
            open_[into].gates.insert(open_[into].gates.end(), open_[b].gates.begin(), open_[b].gates.end());
            open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(b));
        }
    }

    /// Emits the blocks `which` (indices into open_, ascending) in the order they were opened.
    void flush(const std::vector<std::size_t>& which) {
        for (std::size_t b : which) out_.push_back(step_of(open_[b]));
        close(which);
    }

    /// Removes the blocks `which` (indices into open_, any order) from the open ones.
    void close(std::vector<std::size_t> which) {
        std::sort(which.begin(), which.end());
        for (auto b = which.rbegin(); b != which.rend(); ++b) open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(*b));
    }

    /// Emits the blocks `ended`, then replaces the blocks `joined` by one on
    /// `qubits` holding their gates, then `gate` (indices into open_, ascending).
    void join(const std::vector<std::size_t>& ended, const std::vector<std::size_t>& joined,
              std::vector<unsigned> qubits, const Gate& gate, Structure structure) {
        for (std::size_t b : ended) out_.push_back(step_of(open_[b]));
        OpenBlock block{std::move(qubits), {}, structure};
        for (std::size_t b : joined) block.gates.insert(block.gates.end(), open_[b].gates.begin(), open_[b].gates.end());
        block.gates.push_back(&gate);
        std::vector<std::size_t> both = ended;
        both.insert(both.end(), joined.begin(), joined.end());
        close(std::move(both));
        open_.push_back(std::move(block));
    }

    const FusionOptions& options_;
    std::vector<Step>& out_;
    std::vector<OpenBlock> open_;
};

} // namespace

std::vector<Step> fuse(const Circuit& circuit, std::size_t first, std::size_t end, const FusionOptions& options,
                       const std::function<bool(std::size_t)>& cut_after, bool measurements_are_sampled) {
    std::vector<Step> steps;
    Fuser fuser(options, steps);
    for (std::size_t i = first; i < end; ++i) {
        const Operation& op = circuit.operations[i];
        if (op.kind == Operation::Kind::gate && !op.condition) {
            fuser.add_gate(op.gate);
        } else if (op.kind != Operation::Kind::barrier &&
                   !(op.kind == Operation::Kind::measure && measurements_are_sampled && !op.condition)) {
            // A conditioned gate, a measurement, a reset or a classical step: in order, alone.
            Step step;
            step.operations = 1;
            step.condition = op.condition;
            switch (op.kind) {
            case Operation::Kind::gate: step.action = op.gate; break;
            case Operation::Kind::measure: step.action = Measure{op.qubits[0], op.clbit}; break;
            case Operation::Kind::reset: step.action = Reset{op.qubits[0]}; break;
            case Operation::Kind::assign: step.action = AssignBit{op.clbit, op.bit_value}; break;
            case Operation::Kind::abort: step.action = Abort{op.message, op.where}; break;
            case Operation::Kind::barrier: break; // not reached
            }
            fuser.add_in_order(std::move(step), op.kind == Operation::Kind::gate ? qubits_of(op.gate) : op.qubits);
        }
        if (i + 1 == end || cut_after(i)) fuser.cut(i + 1);
    }
    return steps;
}

} // namespace qzone::planning
