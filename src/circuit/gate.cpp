#include <runtime/gate.hpp>

#include <algorithm>
#include <cmath>

#include <runtime/errors.hpp>

namespace qzone {
namespace {

constexpr double unitarity_tolerance = 1e-10;

std::string describe(const Gate& gate) { return "gate '" + gate.name + "'"; }

} // namespace

void Gate::validate(unsigned qubits) const {
    auto fail = [this](const std::string& problem) { throw InputError(describe(*this) + ": " + problem); };
    if (targets.empty()) fail("no target qubit");
    std::vector<unsigned> all = targets;
    all.insert(all.end(), controls.begin(), controls.end());
    for (unsigned q : all)
        if (q >= qubits)
            fail("qubit " + std::to_string(q) + " is out of range for a state of " + std::to_string(qubits) +
                 " qubits");
    std::sort(all.begin(), all.end());
    if (const auto repeated = std::adjacent_find(all.begin(), all.end()); repeated != all.end())
        fail("qubit " + std::to_string(*repeated) + " appears twice (targets and controls must be distinct)");
    if (control_states.size() != controls.size())
        fail(std::to_string(controls.size()) + " controls but " + std::to_string(control_states.size()) +
             " control states");
    for (int state : control_states)
        if (state != 0 && state != 1) fail("control state " + std::to_string(state) + " is neither 0 nor 1");

    const std::size_t k = targets.size();
    switch (kind) {
    case GateKind::matrix: {
        if (k > max_dense_targets)
            fail(std::to_string(k) + " targets; dense gates take at most " + std::to_string(max_dense_targets));
        const std::size_t dim = std::size_t{1} << k;
        if (matrix.size() != dim * dim)
            fail("a " + std::to_string(k) + "-qubit matrix needs " + std::to_string(dim * dim) + " entries, got " +
                 std::to_string(matrix.size()));
        for (std::size_t r = 0; r < dim; ++r)
            for (std::size_t c = 0; c < dim; ++c) {
                std::complex<double> product = 0;
                for (std::size_t j = 0; j < dim; ++j) product += matrix[r * dim + j] * std::conj(matrix[c * dim + j]);
                if (std::abs(product - (r == c ? 1.0 : 0.0)) > unitarity_tolerance)
                    fail("the matrix is not unitary (U U^dagger differs from I by " +
                         std::to_string(std::abs(product - (r == c ? 1.0 : 0.0))) + " at row " + std::to_string(r) +
                         ", column " + std::to_string(c) + ")");
            }
        break;
    }
    case GateKind::diagonal:
        if (matrix.size() != (std::size_t{1} << k))
            fail("a diagonal on " + std::to_string(k) + " qubits needs " + std::to_string(std::size_t{1} << k) +
                 " entries, got " + std::to_string(matrix.size()));
        for (std::size_t j = 0; j < matrix.size(); ++j)
            if (std::abs(std::abs(matrix[j]) - 1.0) > unitarity_tolerance)
                fail("diagonal entry " + std::to_string(j) + " has modulus " + std::to_string(std::abs(matrix[j])) +
                     ", not 1 (the gate is not unitary)");
        break;
    case GateKind::swap:
        if (k != 2) fail("a swap has 2 targets, not " + std::to_string(k));
        break;
    case GateKind::pauli_rotation:
        if (paulis.size() != k)
            fail(std::to_string(paulis.size()) + " Pauli letters for " + std::to_string(k) + " targets");
        for (char letter : paulis)
            if (letter != 'X' && letter != 'Y' && letter != 'Z' && letter != 'I')
                fail(std::string("'") + letter + "' is not a Pauli letter (X, Y, Z or I)");
        if (!std::isfinite(angle)) fail("the angle is not finite");
        break;
    }
}

} // namespace qzone
