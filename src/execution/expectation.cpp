#include <runtime/measurement.hpp>

#include <functional>
#include <string>

#include <pair_gates.hpp>
#include <reductions.hpp>

#include <runtime/errors.hpp>

#include "../state/state_internals.hpp"
#include "../transport/pair_routes.hpp"
#include "../transport/transport.hpp"

namespace qzone {

using kernels::Amplitude;
using kernels::Index;

namespace {

/// sum_x conj(a_x) (-1)^{|(x^flip) & parity_mask|} a_{x^flip} over this
/// rank's amplitudes (partners' amplitudes fetched as needed), in double.
template<class Real>
Amplitude pauli_sum_here(const DistributedState& state, Index flip, Index parity_mask) {
    using Chunk = kernels::Chunk<Real>;
    const unsigned local = state.layout().local_qubits();
    const Index chunk_size = state.layout().chunk_size();
    const Index local_flip = flip & (chunk_size - 1), chunk_flip = flip >> local;
    Amplitude sum = 0;
    // A chunk's term, reading its partner's amplitudes (flipped) from `source`.
    const auto own_term = [&](Index chunk, const Chunk& source) {
        return kernels::pauli_term(local_chunk<Real>(state, chunk), chunk << local, 0, chunk_size, source, 0,
                                   local_flip, flip, parity_mask);
    };
    if (chunk_flip == 0) {
        transport::for_each_local_chunk<Real>(state, [&](Index, const Chunk& view, Index base) {
            sum += kernels::pauli_term_in_chunk(view, base, local_flip, parity_mask);
        });
        return sum;
    }
    const kernels::BitPattern everything{};
    transport::PairVisitor<Real> visitor;
    visitor.in_memory = [&](Index low, Index high) {
        sum += own_term(low, local_chunk<Real>(state, high));
        sum += own_term(high, local_chunk<Real>(state, low));
    };
    visitor.shared = [&](Index chunk, Index, const Chunk& partner_view) {
        sum += own_term(chunk, partner_view); // read-only: the partner computes its own term
    };
    visitor.remote = [&](Index chunk, Index, int partner_rank) {
        const Chunk mine = local_chunk<Real>(state, chunk);
        const transport::OutgoingPiece<Real> outgoing = [&](Index first, Index n, const Chunk& send) -> const void* {
            if (local_flip == 0) return mine.data() + first;
            kernels::pack(mine, everything, local_flip, first, n, send);
            return send.data();
        };
        const transport::ArrivedPiece<Real> arrived = [&](Index first, Index n, const Chunk& received) {
            sum += kernels::pauli_term(mine, chunk << local, first, n, received, 0, 0, flip, parity_mask);
        };
        detail::StateInternals::transport(state).exchange(partner_rank, chunk_size, outgoing, arrived);
    };
    transport::for_each_chunk_pair(state, chunk_flip, [](Index) { return true; }, visitor);
    return sum;
}

} // namespace

double expectation(const DistributedState& state, const PauliString& observable) {
    // <psi|P|psi> = factor sum_x conj(a_x) (-1)^{|(x^flip) & sign_mask|} a_{x^flip}
    // over stored indices: the letters act on the qubits' stored positions.
    std::vector<unsigned> positions;
    for (const unsigned q : observable.qubits()) {
        if (q >= state.qubits())
            throw InputError("expectation: qubit " + std::to_string(q) + " of '" + observable.to_string() +
                             "' is out of range for a state of " + std::to_string(state.qubits()) +
                             " qubits");
        positions.push_back(state.qubit_map().position(q));
    }
    const PauliAction action = pauli_action(observable.letters(), positions);
    const Amplitude sum = with_real_type(state.precision(), [&](auto tag) {
        return pauli_sum_here<decltype(tag)>(state, action.flip, action.sign_mask);
    });
    const std::complex<double> total =
        state.runtime().reduce(std::complex<double>(sum.real(), sum.imag()), std::plus<>{});
    return (action.factor * total).real();
}

double expectation(const DistributedState& state, const PauliSum& observable) {
    double total = 0;
    for (const auto& [weight, term] : observable) total += weight * expectation(state, term);
    return total;
}

} // namespace qzone
