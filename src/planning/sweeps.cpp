#include "sweeps.hpp"

#include <algorithm>
#include <iterator>

#include "placement.hpp"

namespace qzone::planning {
namespace {

/// The qubits a block step's dense action needs in the tile (none for a
/// diagonal: its bits are fixed across a tile where they lie outside).
std::vector<unsigned> tile_qubits_of(const Step& step) {
    if (const auto* block = step.as<DenseBlock>()) {
        std::vector<unsigned> qubits = block->qubits;
        std::sort(qubits.begin(), qubits.end());
        return qubits;
    }
    return {};
}

bool is_block(const Step& step) { return !step.condition && (step.as<DenseBlock>() || step.as<DiagonalBlock>()); }

/// What a block costs under `costs`, given its dense action if it has one
/// (a permutation as a diagonal, as fusion prices it).
double cost_of(const DenseBlock* dense, const PassCosts& costs) {
    return dense && !dense->permutation ? costs.dense_block(dense->qubits.size()) : costs.diagonal;
}
double cost_of(const Step& step, const PassCosts& costs) { return cost_of(step.as<DenseBlock>(), costs); }

/// Whether `qubits` all lie below position `tile_size_bits` under `map`:
/// a sweep on them works on consecutive amplitudes in place.
bool lie_in_tile(const std::vector<unsigned>& qubits, const QubitMap& map, unsigned tile_size_bits) {
    return std::all_of(qubits.begin(), qubits.end(), [&](unsigned q) { return map.position(q) < tile_size_bits; });
}

/// What memory adds to a one-qubit pass: an in-place sweep's own cost.
double in_place_pass_of(const PassCosts& in_memory, const PassCosts& in_cache) {
    return std::max(0.0, in_memory.dense[1] - in_cache.dense[1]);
}

} // namespace

unsigned tile_bits_for(std::uint64_t cache_bytes, std::size_t amplitude_bytes) {
    unsigned bits = 10;
    while ((std::uint64_t{amplitude_bytes} << (bits + 1)) <= cache_bytes / 2 && bits < 40) ++bits;
    return bits;
}

unsigned sweep_qubits(unsigned tile_bits) { return tile_bits - 7; }

std::vector<Step> gather_sweeps(std::vector<Step> steps, const QubitMap& start, unsigned local_qubits,
                                unsigned tile_bits, const PassCosts& in_memory, const PassCosts& in_cache,
                                double sweep_pass) {
    const unsigned tile_size_bits = std::min(tile_bits, local_qubits);
    const double in_place_pass = in_place_pass_of(in_memory, in_cache);
    QubitMap map = start;
    std::vector<Step> out;
    std::vector<Step> run;      // consecutive blocks not yet emitted
    std::vector<unsigned> used; // their dense qubits, ascending
    double saving = 0;          // their passes beyond the caches less their cost in the cache
    const auto emit = [&] {
        // The map stands still within a run: exchanges and relabelling swaps end runs.
        const bool in_place = lie_in_tile(used, map, tile_size_bits);
        // One block alone gains nothing from tiles: its pass is the same work.
        if (run.size() < 2 || saving <= (in_place ? in_place_pass : sweep_pass)) {
            for (Step& block : run) out.push_back(std::move(block));
        } else {
            Step step;
            Sweep sweep{used, tile_bits, {}};
            for (Step& block : run) {
                step.operations += block.operations;
                if (block.completes) step.completes = block.completes;
                if (auto* dense = std::get_if<DenseBlock>(&block.action)) sweep.blocks.emplace_back(std::move(*dense));
                else sweep.blocks.emplace_back(std::move(std::get<DiagonalBlock>(block.action)));
            }
            step.action = std::move(sweep);
            out.push_back(std::move(step));
        }
        run.clear();
        used.clear();
        saving = 0;
    };
    for (Step& step : steps) {
        if (!is_block(step)) {
            emit();
            follow(step, map);
            out.push_back(std::move(step));
            continue;
        }
        const std::vector<unsigned> qubits = tile_qubits_of(step);
        std::vector<unsigned> joined;
        std::set_union(used.begin(), used.end(), qubits.begin(), qubits.end(), std::back_inserter(joined));
        if (joined.size() > sweep_qubits(tile_bits)) {
            emit();
            joined = qubits;
        }
        used = std::move(joined);
        saving += cost_of(step, in_memory) - cost_of(step, in_cache);
        const bool boundary = step.completes.has_value();
        run.push_back(std::move(step));
        if (boundary) emit();
    }
    emit();
    return out;
}

double plan_cost(const std::vector<Step>& steps, const QubitMap& start, unsigned local_qubits, unsigned tile_bits,
                 const PassCosts& in_memory, const PassCosts& in_cache, double sweep_pass) {
    const unsigned tile_size_bits = std::min(tile_bits, local_qubits);
    QubitMap map = start;
    double cost = 0;
    for (const Step& step : steps) {
        if (const auto* sweep = step.as<Sweep>()) {
            const bool in_place = lie_in_tile(sweep->qubits, map, tile_size_bits);
            cost += in_place ? in_place_pass_of(in_memory, in_cache) : sweep_pass;
            for (const auto& block : sweep->blocks) cost += cost_of(std::get_if<DenseBlock>(&block), in_cache);
        } else if (is_block(step)) {
            cost += cost_of(step, in_memory);
        } else if (const auto* gate = step.as<Gate>(); gate && !is_relabel(step)) {
            cost += gate->kind == GateKind::diagonal ? in_memory.diagonal : in_memory.dense_block(gate->targets.size());
        }
        follow(step, map);
    }
    return cost;
}

} // namespace qzone::planning
