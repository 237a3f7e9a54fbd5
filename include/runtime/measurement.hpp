#pragma once
/// @file measurement.hpp
/// Measuring, sampling and expectation values of a distributed state. All
/// functions are collective: every rank calls them with the same arguments
/// (and an Rng in the same state).

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>
#include <runtime/pauli.hpp>
#include <runtime/rng.hpp>

namespace qzone {

/// Probability that measuring `qubit` gives `outcome` (0 or 1), relative to
/// the state's squared norm. @throw qzone::InputError for a bad qubit or outcome.
double probability(const DistributedState& state, unsigned qubit, int outcome);

/// Measures `qubit`: draws the outcome, collapses and renormalizes the state.
/// @return 0 or 1, the same on every rank. @throw qzone::InputError for a bad qubit.
int measure(DistributedState& state, unsigned qubit, Rng& rng);

/// Measures `qubit` and flips it to |0> if it was 1.
void reset(DistributedState& state, unsigned qubit, Rng& rng);

/// Probabilities of the 2^k outcomes on `qubits` (result bit j = qubits[j]),
/// on every rank. @throw qzone::InputError for a bad or repeated qubit,
/// or more than 30 qubits.
std::vector<double> marginal_probabilities(const DistributedState& state, const std::vector<unsigned>& qubits);

/// |a_i|^2 for every basis state, in index order, on rank 0; std::nullopt elsewhere.
std::optional<std::vector<double>> probabilities_on_root(const DistributedState& state);

/// `shots` basis-state indices drawn from |a_i|^2 without changing the state,
/// in draw order, on every rank. The draws are exactly the same for any rank
/// count, chunk count, placement and qubit map: probabilities are added as
/// whole numbers of 2^-56, whose sums do not depend on their order, and the
/// cumulative distribution is walked in basis-state order. A basis state
/// with probability below 2^-56 is never drawn.
/// @throw qzone::Error if the state has norm 0 or a squared norm above 255.
std::vector<std::uint64_t> sample(const DistributedState& state, std::size_t shots, Rng& rng);

/// Receives one batch of draws (basis-state indices, in draw order).
using SampleBatchReceiver = std::function<void(const std::vector<std::uint64_t>& draws)>;

/// The draws of sample(), the same ones, handed to `take` in batches of at
/// most 2^22 as they are made: memory stays bounded (about 100 MB) for any
/// shot count, e.g. to count outcomes of 10^9 shots. Collective.
/// @throw as sample().
void sample_in_batches(const DistributedState& state, std::size_t shots, Rng& rng, const SampleBatchReceiver& take);

/// <psi|P|psi> for the state as it is (not divided by <psi|psi>; 1 for the
/// identity on a normalized state). The state is not changed: a string that
/// flips global qubits reads partner chunks through the exchange buffer.
/// @throw qzone::InputError for a qubit out of range.
double expectation(const DistributedState& state, const PauliString& observable);

/// sum_j w_j <psi|P_j|psi>.
double expectation(const DistributedState& state, const PauliSum& observable);

} // namespace qzone
