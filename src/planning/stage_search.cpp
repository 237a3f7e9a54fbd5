#include "stage_search.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

#include <runtime/errors.hpp>

namespace qzone::planning {
namespace {

using Pairs = std::vector<std::pair<unsigned, unsigned>>;
constexpr std::size_t never = std::numeric_limits<std::size_t>::max();
constexpr std::size_t no_record = std::numeric_limits<std::size_t>::max();

/// For each qubit, the steps that need it inside chunks, ascending.
class NextUse {
public:
    NextUse(const std::vector<StepNeeds>& steps, unsigned qubits) : uses_(qubits), cursor_(qubits, 0) {
        for (std::size_t i = 0; i < steps.size(); ++i)
            for (unsigned q : steps[i].qubits) uses_[q].push_back(i);
    }
    /// The first step at or after `step` that needs `qubit`, or `never`;
    /// `step` may only grow from call to call.
    std::size_t at_or_after(unsigned qubit, std::size_t step) {
        std::size_t& c = cursor_[qubit];
        while (c < uses_[qubit].size() && uses_[qubit][c] < step) ++c;
        return c < uses_[qubit].size() ? uses_[qubit][c] : never;
    }

private:
    std::vector<std::vector<std::size_t>> uses_;
    std::vector<std::size_t> cursor_;
};

/// One way the qubits may lie: which qubit is at each chunk-index position.
struct Candidate {
    std::vector<unsigned> global;  ///< global[b]: the qubit at position local_qubits + b
    std::uint64_t between = 0;     ///< bit q: qubit q lies between chunks
    double cost = 0;
    std::size_t record = no_record; ///< its latest stage in the history
    std::size_t origin = 0;         ///< the placement it started from
};

/// A stage some surviving candidate took: the tree of histories.
struct Record {
    std::size_t parent, step;
    Pairs pairs;
};

std::uint64_t bit(unsigned q) { return std::uint64_t{1} << q; }

Candidate candidate_of(std::vector<unsigned> global) {
    Candidate c;
    for (unsigned q : global) c.between |= bit(q);
    c.global = std::move(global);
    return c;
}

/// n!/(n-g)!, or `cap` + 1 once it passes `cap`.
std::size_t placements(unsigned n, unsigned g, std::size_t cap) {
    std::size_t count = 1;
    for (unsigned j = 0; j < g; ++j) {
        count *= n - j;
        if (count > cap) return cap + 1;
    }
    return count;
}

/// Every ordered choice of `g` of `n` qubits, in lexicographic order.
void all_placements(unsigned n, unsigned g, std::vector<unsigned>& prefix, std::uint64_t used,
                    std::vector<Candidate>& out) {
    if (prefix.size() == g) {
        out.push_back(candidate_of(prefix));
        return;
    }
    for (unsigned q = 0; q < n; ++q)
        if (!(used & bit(q))) {
            prefix.push_back(q);
            all_placements(n, g, prefix, used | bit(q), out);
            prefix.pop_back();
        }
}

/// With costs that depend on the chunk-index bits, the qubits needed again
/// furthest ahead are not always the best to send out (the exhaustive test
/// finds cases); every choice is tried while there are at most this many.
constexpr std::size_t every_leaving_set_up_to = 64;

/// The sets of `k` qubits of `candidates` (furthest needed first) that may
/// leave: every k-subset while there are at most `limit`, else the first k.
/// Each set lists the soonest needed first.
std::vector<std::vector<unsigned>> choices_of_leaving(const std::vector<unsigned>& candidates, std::size_t k,
                                                      std::size_t limit) {
    std::size_t subsets = 1;
    for (std::size_t j = 0; j < k && subsets <= limit; ++j) subsets = subsets * (candidates.size() - j) / (j + 1);
    std::vector<std::vector<unsigned>> sets;
    std::vector<bool> pick(candidates.size(), false);
    std::fill(pick.begin(), pick.begin() + k, true);
    do {
        std::vector<unsigned>& set = sets.emplace_back();
        for (std::size_t f = candidates.size(); f-- > 0;)
            if (pick[f]) set.push_back(candidates[f]);
    } while (subsets <= limit && std::prev_permutation(pick.begin(), pick.end()));
    return sets;
}

/// Keeps the cheapest candidate per placement, then the cheapest `limit`;
/// ties go to the one generated first.
std::vector<Candidate> survivors(std::vector<Candidate> options, std::size_t limit) {
    std::map<std::vector<unsigned>, std::size_t> best;
    std::vector<Candidate> kept;
    for (Candidate& option : options) {
        const auto [at, fresh] = best.emplace(option.global, kept.size());
        if (fresh)
            kept.push_back(std::move(option));
        else if (option.cost < kept[at->second].cost)
            kept[at->second] = std::move(option);
    }
    std::stable_sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
    if (kept.size() > limit) kept.resize(limit);
    return kept;
}

} // namespace

StageChoice choose_stages(const std::vector<StepNeeds>& steps, const QubitMap& start, const ChunkTopology& topology,
                          bool choose_initial_map, const std::function<std::string(std::size_t)>& step_name,
                          std::size_t exact_maps, std::size_t exact_work, std::size_t beam_width) {
    const unsigned n = start.qubits(), local = topology.layout().local_qubits(), g = n - local;
    StageChoice choice;
    choice.stages.resize(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].qubits.size() > local)
            throw ResourceError("step '" + step_name(i) + "' needs " + std::to_string(steps[i].qubits.size()) +
                                " qubits inside chunks but the layout has only " + std::to_string(local) +
                                "; use fewer ranks or a layout with fewer chunks");
    if (g == 0) return choice;

    // The search follows tokens, not qubits: a relabelling swap moves the
    // labels of two qubits between tokens, which only stages move, so that
    // "needed next" sees through relabels. token_of[q]: qubit q's token now.
    std::vector<unsigned> token_of(n);
    std::iota(token_of.begin(), token_of.end(), 0u);
    std::vector<StepNeeds> tokens(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (const auto& relabel = steps[i].relabel) std::swap(token_of[relabel->first], token_of[relabel->second]);
        for (unsigned q : steps[i].qubits) tokens[i].qubits.push_back(token_of[q]);
    }
    NextUse next(tokens, n);
    const std::size_t maps = placements(n, g, exact_maps);
    const bool exact = maps <= exact_maps && maps * steps.size() <= exact_work;
    const std::size_t limit = exact ? exact_maps : beam_width;
    // Chunk-index bits from cheapest to dearest to exchange alone.
    std::vector<unsigned> cheapest_bits(g);
    std::iota(cheapest_bits.begin(), cheapest_bits.end(), 0u);
    std::stable_sort(cheapest_bits.begin(), cheapest_bits.end(), [&](unsigned a, unsigned b) {
        return topology.stage_cost(bit(a)) < topology.stage_cost(bit(b));
    });

    std::vector<Candidate> candidates;
    if (choose_initial_map && exact) {
        std::vector<unsigned> prefix;
        all_placements(n, g, prefix, 0, candidates);
    } else if (choose_initial_map) {
        // Between chunks start the qubits first needed last, the latest on the dearest bits.
        std::vector<unsigned> order(n);
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(),
                         [&](unsigned a, unsigned b) { return next.at_or_after(a, 0) < next.at_or_after(b, 0); });
        std::vector<unsigned> global(g);
        for (unsigned j = 0; j < g; ++j) global[cheapest_bits[j]] = order[local + j];
        candidates.push_back(candidate_of(std::move(global)));
    } else {
        std::vector<unsigned> global(g);
        for (unsigned b = 0; b < g; ++b) global[b] = start.qubit_at(local + b);
        candidates.push_back(candidate_of(std::move(global)));
    }

    for (std::size_t o = 0; o < candidates.size(); ++o) candidates[o].origin = o;
    const std::vector<Candidate> origins = candidates;

    const unsigned widest = topology.widest_cheap_stage();
    std::vector<Record> history;
    std::vector<unsigned> by_next_use(n); // furthest ahead first
    std::vector<std::size_t> use(n);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        std::uint64_t needed = 0;
        for (unsigned t : tokens[i].qubits) needed |= bit(t);
        if (!std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) { return c.between & needed; }))
            continue;
        for (unsigned q = 0; q < n; ++q) use[q] = next.at_or_after(q, i);
        std::iota(by_next_use.begin(), by_next_use.end(), 0u);
        std::stable_sort(by_next_use.begin(), by_next_use.end(), [&](unsigned a, unsigned b) { return use[a] > use[b]; });

        std::vector<Candidate> options;
        std::vector<std::pair<std::size_t, Pairs>> stages; // per option: its parent and its stage
        for (std::size_t parent = 0; parent < candidates.size(); ++parent) {
            const Candidate& c = candidates[parent];
            if (!(c.between & needed)) {
                options.push_back(c);
                stages.emplace_back(parent, Pairs{});
                continue;
            }
            std::vector<unsigned> forced, riders; // chunk-index bits
            for (unsigned b = 0; b < g; ++b) {
                if (needed & bit(c.global[b]))
                    forced.push_back(b);
                else
                    riders.push_back(b); // even one never needed again: it may free a cheap bit
            }
            std::stable_sort(riders.begin(), riders.end(),
                             [&](unsigned a, unsigned b) { return use[c.global[a]] < use[c.global[b]]; });
            // Rider sets: every subset while there are few, else the soonest-needed k for each k.
            const bool every_subset = riders.size() <= 4;
            const std::size_t rider_sets = every_subset ? std::size_t{1} << riders.size() : riders.size() + 1;
            for (std::size_t set = 0; set < rider_sets; ++set) {
                std::vector<unsigned> bits = forced;
                for (std::size_t r = 0; r < riders.size(); ++r)
                    if (every_subset ? (set >> r & 1) : r < set) bits.push_back(riders[r]);
                if (bits.size() > forced.size() && bits.size() > widest) continue; // too dear to weigh

                // Leaving: in-chunk qubits the step does not need, furthest needed first.
                std::vector<unsigned> free_local;
                for (unsigned q : by_next_use)
                    if (!(c.between & bit(q)) && !(needed & bit(q))) free_local.push_back(q);
                if (free_local.size() < bits.size()) continue;
                std::uint64_t mask = 0;
                for (unsigned b : bits) mask |= bit(b);
                const double cost = c.cost + topology.stage_cost(mask);
                std::stable_sort(bits.begin(), bits.end(), [&](unsigned a, unsigned b) {
                    return topology.stage_cost(bit(a)) < topology.stage_cost(bit(b));
                });
                for (const std::vector<unsigned>& leaving :
                     choices_of_leaving(free_local, bits.size(), exact ? every_leaving_set_up_to : 1)) {
                    // The soonest needed again take the cheapest bits; every assignment while few.
                    std::vector<std::size_t> order(bits.size());
                    std::iota(order.begin(), order.end(), std::size_t{0});
                    do {
                        Candidate option = c;
                        Pairs pairs;
                        for (std::size_t j = 0; j < bits.size(); ++j) {
                            pairs.emplace_back(c.global[bits[j]], leaving[order[j]]);
                            option.global[bits[j]] = leaving[order[j]];
                        }
                        option.between = 0;
                        for (unsigned q : option.global) option.between |= bit(q);
                        option.cost = cost;
                        options.push_back(std::move(option));
                        stages.emplace_back(parent, std::move(pairs));
                    } while (bits.size() <= 3 && std::next_permutation(order.begin(), order.end()));
                }
            }
        }
        // Survivors, remembering the stage that made each.
        for (std::size_t o = 0; o < options.size(); ++o) options[o].record = o;
        std::vector<Candidate> kept = survivors(options, limit);
        for (Candidate& k : kept) {
            auto& [parent, pairs] = stages[k.record];
            k.record = candidates[parent].record;
            if (!pairs.empty()) {
                history.push_back(Record{k.record, i, std::move(pairs)});
                k.record = history.size() - 1;
            }
        }
        candidates = std::move(kept);
    }

    const Candidate& best = *std::min_element(candidates.begin(), candidates.end(),
                                              [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
    choice.cost = best.cost;
    for (std::size_t r = best.record; r != no_record; r = history[r].parent)
        choice.stages[history[r].step] = history[r].pairs;
    // Tokens back to the qubits that carry them at each stage.
    std::vector<unsigned> qubit_on(n);
    std::iota(qubit_on.begin(), qubit_on.end(), 0u);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        for (auto& [in, out] : choice.stages[i]) {
            in = qubit_on[in];
            out = qubit_on[out];
        }
        if (const auto& relabel = steps[i].relabel) {
            const auto [a, b] = *relabel;
            std::swap(*std::find(qubit_on.begin(), qubit_on.end(), a), *std::find(qubit_on.begin(), qubit_on.end(), b));
        }
    }
    if (choose_initial_map) {
        // In-chunk qubits in ascending order below the chosen chunk-index ones.
        const std::vector<unsigned>& global = origins[best.origin].global;
        std::vector<unsigned> positions(n);
        unsigned next_local = 0;
        for (unsigned q = 0; q < n; ++q)
            if (!(origins[best.origin].between & bit(q))) positions[q] = next_local++;
        for (unsigned b = 0; b < g; ++b) positions[global[b]] = local + b;
        choice.initial_map = QubitMap::from_positions(std::move(positions));
    }
    return choice;
}

} // namespace qzone::planning
