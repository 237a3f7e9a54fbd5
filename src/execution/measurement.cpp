#include <runtime/measurement.hpp>

#include <cmath>
#include <functional>
#include <string>

#include <runtime/apply_gate.hpp>
#include <runtime/errors.hpp>

#include <local_gates.hpp>
#include <reductions.hpp>

#include "../state/host_pieces.hpp"
#include "../state/state_internals.hpp"
#include "../transport/pair_routes.hpp"
#include "../transport/transport.hpp"

namespace qzone {
namespace {

using kernels::Index;

void check_qubit(const DistributedState& state, unsigned qubit, const char* function) {
    if (qubit >= state.qubits())
        throw InputError(std::string(function) + ": qubit " + std::to_string(qubit) +
                         " is out of range for a state of " + std::to_string(state.qubits()) + " qubits");
}

struct QubitMass {
    double ones = 0;  ///< sum of |a_i|^2 where the qubit is 1
    double total = 0; ///< sum of all |a_i|^2
};

/// One pass over the state and one all-reduce: the mass where `qubit` is 1
/// and the total, on every rank.
QubitMass qubit_mass(const DistributedState& state, unsigned qubit) {
    const Index bit = Index{1} << state.qubit_map().position(qubit);
    std::vector<double> mine{0, 0};
    with_real_type(state.precision(), [&](auto tag) {
        using Real = decltype(tag);
        transport::for_each_local_chunk<Real>(state, [&](Index, const kernels::Chunk<Real>& chunk, Index base) {
            const auto [ones, total] = kernels::masked_and_total_probability(chunk, base, bit, bit);
            mine[0] += ones;
            mine[1] += total;
        });
    });
    const std::vector<double> sums = state.runtime().reduce(std::move(mine), std::plus<>{});
    return {sums[0], sums[1]};
}

} // namespace

double probability(const DistributedState& state, unsigned qubit, int outcome) {
    check_qubit(state, qubit, "probability");
    if (outcome != 0 && outcome != 1)
        throw InputError("probability: outcome " + std::to_string(outcome) + " is neither 0 nor 1");
    const auto [ones, total] = qubit_mass(state, qubit);
    if (!(total > 0)) throw InputError("probability: the state has norm 0");
    return (outcome == 1 ? ones : total - ones) / total;
}

int measure(DistributedState& state, unsigned qubit, Rng& rng) {
    check_qubit(state, qubit, "measure");
    const auto [ones, total] = qubit_mass(state, qubit);
    if (!(total > 0)) throw InputError("measure: the state has norm 0");
    const int outcome = rng.uniform() < ones / total ? 1 : 0;
    // Collapse: keep the outcome's half, scaled to norm 1; zero the other.
    const double scale = 1.0 / std::sqrt(outcome == 1 ? ones : total - ones);
    Kokkos::Array<unsigned, kernels::max_pattern_bits> qubits{};
    qubits[0] = state.qubit_map().position(qubit);
    with_real_type(state.precision(), [&](auto tag) {
        using Real = decltype(tag);
        Kokkos::View<Kokkos::complex<Real>*> entries("qzone::collapse", 2);
        auto host = Kokkos::create_mirror_view(entries);
        host(0) = static_cast<Real>(outcome == 0 ? scale : 0.0);
        host(1) = static_cast<Real>(outcome == 1 ? scale : 0.0);
        Kokkos::deep_copy(entries, host);
        transport::for_each_local_chunk<Real>(state, [&](Index, const kernels::Chunk<Real>& chunk, Index base) {
            kernels::apply_diagonal(chunk, base, Kokkos::View<const Kokkos::complex<Real>*>(entries), qubits, 1, 0, 0);
        });
    });
    return outcome;
}

void reset(DistributedState& state, unsigned qubit, Rng& rng) {
    if (measure(state, qubit, rng) == 1) apply_gate(state, gates::x(qubit));
}

std::vector<double> marginal_probabilities(const DistributedState& state, const std::vector<unsigned>& qubits) {
    constexpr std::size_t max_marginal_qubits = 30;
    if (qubits.size() > max_marginal_qubits)
        throw InputError("marginal_probabilities: " + std::to_string(qubits.size()) +
                         " qubits; at most " + std::to_string(max_marginal_qubits));
    Kokkos::Array<unsigned, kernels::max_pattern_bits> positions{};
    for (std::size_t j = 0; j < qubits.size(); ++j) {
        check_qubit(state, qubits[j], "marginal_probabilities");
        for (std::size_t i = 0; i < j; ++i)
            if (qubits[i] == qubits[j])
                throw InputError("marginal_probabilities: qubit " + std::to_string(qubits[j]) +
                                 " appears twice");
        positions[j] = state.qubit_map().position(qubits[j]);
    }
    Kokkos::View<double*> histogram("qzone::marginal", std::size_t{1} << qubits.size());
    with_real_type(state.precision(), [&](auto tag) {
        using Real = decltype(tag);
        transport::for_each_local_chunk<Real>(state, [&](Index, const kernels::Chunk<Real>& chunk, Index base) {
            kernels::accumulate_marginal(chunk, base, positions, static_cast<unsigned>(qubits.size()), histogram);
        });
    });
    auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), histogram);
    return state.runtime().reduce(std::vector<double>(host.data(), host.data() + host.extent(0)), std::plus<>{});
}

std::optional<std::vector<double>> probabilities_on_root(const DistributedState& state) {
    std::vector<double> mine;
    with_real_type(state.precision(), [&](auto tag) {
        using Real = decltype(tag);
        mine.resize(state.layout().amplitude_count_of(state.runtime().my_resource_set().mpi_rank()));
        detail::read_in_host_pieces(local_amplitudes<Real>(state), [&](std::uint64_t first,
                                                                       const Kokkos::complex<Real>* amplitudes,
                                                                       std::uint64_t n) {
            for (std::uint64_t i = 0; i < n; ++i) mine[first + i] = kernels::squared_magnitude(amplitudes[i]);
        });
    });
    std::vector<double> all;
    const auto into_all = [&all](std::uint64_t bytes) {
        all.resize(bytes / sizeof(double));
        return static_cast<void*>(all.data());
    };
    detail::StateInternals::transport(state).gather_to_root(mine.data(), mine.size() * sizeof(double), into_all);
    if (state.runtime().my_resource_set().mpi_rank() != 0) return std::nullopt;
    const QubitMap& map = state.qubit_map();
    if (map.is_identity()) return all;
    std::vector<double> in_basis_order(all.size());
    for (std::uint64_t i = 0; i < all.size(); ++i) in_basis_order[i] = all[map.stored_index(i)];
    return in_basis_order;
}

} // namespace qzone
