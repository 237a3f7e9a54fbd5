// The cost model's built-in table, its text form, and what fusion reads from
// it. Pure: the measurement is in src/execution/calibrate_cost_model.cpp.

#include "cost_model.hpp"

#include <cmath>
#include <sstream>
#include <vector>

#include <runtime/errors.hpp>

namespace qzone {
namespace {

constexpr const char* format_line = "qzone-cost-model 1";

/// "1 1.06 ... 1.18": dense 1 to 6, then the diagonal.
std::string row(const PassCosts& costs) {
    std::ostringstream text;
    text.precision(4);
    for (unsigned k = 1; k < costs.dense.size(); ++k) text << costs.dense[k] << ' ';
    text << costs.diagonal;
    return text.str();
}

} // namespace

CostModel builtin_cost_model() {
    // calibrate_cost_model() on a 2-core Intel Xeon VM with AVX-512 and FMA
    // (double precision, the avx512 kernel path, 2026-12-06; docs/cost_model.md).
    CostModel model;
    model.in_memory.dense = {0, 1.0, 1.05, 1.42, 2.6, 5.4, 11.1};
    model.in_memory.diagonal = 1.05;
    model.in_cache.dense = {0, 0.75, 1.0, 1.45, 2.8, 5.7, 11.7};
    model.in_cache.diagonal = 0.3;
    model.cache_bytes = std::uint64_t{2} << 20;
    model.sweep_pass = 2.2;
    model.source = "built in";
    return model;
}

std::string to_text(const CostModel& model) {
    std::ostringstream text;
    text << format_line << "\n"
         << "# pass costs relative to a one-qubit gate's pass beyond the caches: dense blocks on 1 to 6 qubits, "
            "then a diagonal\n"
         << "cache_bytes " << model.cache_bytes << "\n"
         << "sweep_pass " << model.sweep_pass << "\n"
         << "in_memory " << row(model.in_memory) << "\n"
         << "in_cache " << row(model.in_cache) << "\n";
    return text.str();
}

CostModel cost_model_from_text(const std::string& text, const std::string& source) {
    std::istringstream lines(text);
    std::string line;
    unsigned number = 0;
    const auto fail = [&](const std::string& what) -> CostModel {
        throw InputError(source + (number > 0 ? ", line " + std::to_string(number) : std::string()) + ": " + what);
    };
    // The next line that is not a comment or blank, split into words.
    const auto next = [&]() -> std::vector<std::string> {
        while (std::getline(lines, line)) {
            ++number;
            if (line.empty() || line[0] == '#') continue;
            std::istringstream words(line);
            std::vector<std::string> split;
            for (std::string word; words >> word;) split.push_back(word);
            if (!split.empty()) return split;
        }
        return {};
    };
    const auto number_of = [&](const std::string& word) {
        std::size_t used = 0;
        double value = 0;
        try {
            value = std::stod(word, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != word.size() || !std::isfinite(value) || value <= 0)
            fail("'" + word + "' is not a positive number");
        return value;
    };
    if (next() != std::vector<std::string>{"qzone-cost-model", "1"})
        return fail("not a cost model: the first line must be '" + std::string(format_line) + "'");
    CostModel model;
    model.source = source;
    const std::vector<std::string> cache = next();
    if (cache.size() != 2 || cache[0] != "cache_bytes") return fail("expected 'cache_bytes N'");
    model.cache_bytes = static_cast<std::uint64_t>(number_of(cache[1]));
    const std::vector<std::string> sweep = next();
    if (sweep.size() != 2 || sweep[0] != "sweep_pass") return fail("expected 'sweep_pass X'");
    model.sweep_pass = number_of(sweep[1]);
    for (auto [name, costs] : {std::pair{"in_memory", &model.in_memory}, std::pair{"in_cache", &model.in_cache}}) {
        const std::vector<std::string> words = next();
        if (words.size() != 8 || words[0] != name)
            return fail(std::string("expected '") + name + "' and 7 costs (dense blocks on 1 to 6 qubits, a diagonal)");
        for (unsigned k = 1; k <= 6; ++k) costs->dense[k] = number_of(words[k]);
        costs->diagonal = number_of(words[7]);
        if (costs == &model.in_memory && costs->dense[1] != 1)
            return fail("the one-qubit pass beyond the caches is the unit: its cost must be 1");
    }
    if (!next().empty()) return fail("unexpected text after the in_cache line");
    return model;
}

namespace planning {

unsigned default_fusion_width(const PassCosts& costs) {
    unsigned width = 1;
    while (width + 1 < costs.dense.size() && costs.dense[width + 1] <= 2.0 * (width + 1) * costs.dense[1]) ++width;
    return width;
}

} // namespace planning
} // namespace qzone
