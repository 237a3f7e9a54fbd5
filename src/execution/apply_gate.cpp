// The localiser: decides for each gate whether it stays inside chunks, pairs
// chunks, or needs global targets swapped in, and calls the kernels.

#include <runtime/apply_gate.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include <kernel_types.hpp>
#include <local_gates.hpp>
#include <pair_gates.hpp>

#include "../detail/exchange_buffers.hpp"
#include "chunk_visits.hpp"

namespace qzone {
namespace {

using execution::Index;
using kernels::Amplitude;
using kernels::BitPattern;
using kernels::ChunkView;

Amplitude to_kokkos(std::complex<double> value) { return Amplitude(value.real(), value.imag()); }

/// A gate's controls split by where their bit lies.
struct Controls {
    Index global_mask = 0, global_value = 0; ///< bits of the chunk index
    Index full_mask = 0, full_value = 0;     ///< bits of the full amplitude index
    std::vector<unsigned> local_positions;
    std::vector<int> local_values;

    Controls(const Gate& gate, unsigned local_qubits) {
        for (std::size_t j = 0; j < gate.controls.size(); ++j) {
            const unsigned q = gate.controls[j];
            const Index state = static_cast<Index>(gate.control_states[j]);
            full_mask |= Index{1} << q;
            full_value |= state << q;
            if (q < local_qubits) {
                local_positions.push_back(q);
                local_values.push_back(gate.control_states[j]);
            } else {
                global_mask |= Index{1} << (q - local_qubits);
                global_value |= state << (q - local_qubits);
            }
        }
    }

    bool chunk_matches(Index chunk) const { return (chunk & global_mask) == global_value; }

    /// The local controls plus `extra` fixed (position, value) bits.
    BitPattern local_pattern(const std::vector<std::pair<unsigned, int>>& extra = {}) const {
        std::vector<unsigned> positions = local_positions;
        std::vector<int> values = local_values;
        for (const auto& [position, value] : extra) {
            positions.push_back(position);
            values.push_back(value);
        }
        return kernels::make_bit_pattern(positions.data(), values.data(), static_cast<unsigned>(positions.size()));
    }
};

Kokkos::View<const Amplitude*> upload(const std::vector<std::complex<double>>& values) {
    Kokkos::View<Amplitude*> device(Kokkos::ViewAllocateWithoutInitializing("qzone::gate_entries"), values.size());
    auto host = Kokkos::create_mirror_view(device);
    for (std::size_t i = 0; i < values.size(); ++i) host(i) = to_kokkos(values[i]);
    Kokkos::deep_copy(device, host);
    return device;
}

/// Runs `body(chunk_index, chunk_view)` on every chunk of this rank whose
/// global controls match.
template<typename Body>
void for_each_matching_chunk(const DistributedState& state, const Controls& controls, Body&& body) {
    execution::for_each_local_chunk(state, [&](Index chunk, const ChunkView& view, Index) {
        if (controls.chunk_matches(chunk)) body(chunk, view);
    });
}

void apply_diagonal_gate(DistributedState& state, const Gate& gate) {
    const unsigned local = state.layout().local_qubits();
    const Controls controls(gate, local);
    const auto entries = upload(gate.matrix);
    Kokkos::Array<unsigned, kernels::max_pattern_bits> qubits{};
    for (std::size_t j = 0; j < gate.targets.size(); ++j) qubits[j] = gate.targets[j];
    // Controls are checked on the full index here, so no chunk is skipped.
    execution::for_each_local_chunk(state, [&](Index, const ChunkView& chunk, Index base) {
        kernels::apply_diagonal(chunk, base, entries, qubits, static_cast<unsigned>(gate.targets.size()),
                                controls.full_mask, controls.full_value);
    });
}

template<int K>
void apply_dense_on(const ChunkView& chunk, const Kokkos::View<const Amplitude*>& matrix,
                    const std::vector<unsigned>& targets, const BitPattern& pattern) {
    Kokkos::Array<Index, (1 << K)> offsets{};
    for (int sub = 0; sub < (1 << K); ++sub)
        for (int j = 0; j < K; ++j)
            if (sub >> j & 1) offsets[sub] |= Index{1} << targets[j];
    kernels::apply_dense<K>(chunk, matrix, offsets, pattern);
}

/// A matrix gate whose targets are all local.
void apply_local_matrix(DistributedState& state, const Gate& gate) {
    const Controls controls(gate, state.layout().local_qubits());
    const std::size_t k = gate.targets.size();
    std::vector<std::pair<unsigned, int>> target_bits;
    for (unsigned t : gate.targets) target_bits.emplace_back(t, 0);
    const BitPattern pattern = controls.local_pattern(target_bits);
    if (k == 1) {
        kernels::Matrix2 m;
        for (int i = 0; i < 4; ++i) m[i] = to_kokkos(gate.matrix[i]);
        for_each_matching_chunk(state, controls, [&](Index, const ChunkView& chunk) {
            kernels::apply_one_qubit(chunk, gate.targets[0], m, pattern);
        });
        return;
    }
    if (k == 2) {
        kernels::Matrix4 m;
        for (int i = 0; i < 16; ++i) m[i] = to_kokkos(gate.matrix[i]);
        for_each_matching_chunk(state, controls, [&](Index, const ChunkView& chunk) {
            kernels::apply_two_qubit(chunk, gate.targets[0], gate.targets[1], m, pattern);
        });
        return;
    }
    const auto matrix = upload(gate.matrix);
    for_each_matching_chunk(state, controls, [&](Index, const ChunkView& chunk) {
        switch (k) {
        case 3: apply_dense_on<3>(chunk, matrix, gate.targets, pattern); break;
        case 4: apply_dense_on<4>(chunk, matrix, gate.targets, pattern); break;
        case 5: apply_dense_on<5>(chunk, matrix, gate.targets, pattern); break;
        default: apply_dense_on<6>(chunk, matrix, gate.targets, pattern); break;
        }
    });
}

/// The address to send for the piece [first, first + n) of the selected
/// amplitudes of `chunk`: the chunk itself when nothing is selected out,
/// otherwise the send buffer after packing.
const void* outgoing_piece(const ChunkView& chunk, const BitPattern& selection, Index flip, Index first, Index n,
                           const ChunkView& send_buffer) {
    if (selection.count == 0 && flip == 0) return chunk.data() + first;
    kernels::pack(chunk, selection, flip, first, n, send_buffer);
    return send_buffer.data();
}

/// A one-qubit matrix on a global target: each chunk meets its partner.
void apply_global_one_qubit(DistributedState& state, const Gate& gate) {
    const unsigned local = state.layout().local_qubits();
    const Controls controls(gate, local);
    const unsigned bit = gate.targets[0] - local;
    kernels::Matrix2 m;
    for (int i = 0; i < 4; ++i) m[i] = to_kokkos(gate.matrix[i]);
    const BitPattern selection = controls.local_pattern();
    const Index count = state.layout().chunk_size() >> selection.count;
    const auto& buffers = state.exchange_buffers();
    execution::PairVisitor visitor;
    visitor.in_memory = [&](Index low, Index high) {
        kernels::apply_pair_matrix(state.local_chunk(low), state.local_chunk(high), m, selection, 0, count);
    };
    visitor.shared = [&](Index chunk, Index partner, const ChunkView& partner_view) {
        const ChunkView mine = state.local_chunk(chunk);
        const auto [first, n] = execution::my_half(chunk, partner, count);
        const bool low = !(chunk >> bit & 1);
        kernels::apply_pair_matrix(low ? mine : partner_view, low ? partner_view : mine, m, selection, first, n);
    };
    visitor.remote = [&](Index chunk, Index, int partner_rank) {
        const ChunkView mine = state.local_chunk(chunk);
        const int b = static_cast<int>(chunk >> bit & 1);
        const Amplitude own = m[3 * b], other = m[2 * b + (1 - b)];
        detail::exchange_in_pieces(
            state.runtime().mpi_comm(), partner_rank, count, buffers,
            [&](Index first, Index n, const ChunkView& send) {
                return outgoing_piece(mine, selection, 0, first, n, send);
            },
            [&](Index first, Index n, const ChunkView& received) {
                kernels::combine_row(mine, selection, first, n, received, own, other);
            });
    };
    execution::for_each_chunk_pair(
        state, Index{1} << bit, [&](Index chunk) { return controls.chunk_matches(chunk); }, visitor);
}

/// Chunks exchange the amplitudes `select(chunk)` picks, which then replace
/// the same positions: the data movement of a swap across chunks.
void exchange_selected(DistributedState& state, Index flip, const std::function<bool(Index)>& participates,
                       const std::function<BitPattern(Index)>& select) {
    const auto& buffers = state.exchange_buffers();
    const Index chunk_size = state.layout().chunk_size();
    execution::PairVisitor visitor;
    visitor.in_memory = [&](Index low, Index high) {
        const BitPattern low_selection = select(low), high_selection = select(high);
        kernels::swap_between(state.local_chunk(low), low_selection, state.local_chunk(high), high_selection, 0,
                              chunk_size >> low_selection.count);
    };
    visitor.shared = [&](Index chunk, Index partner, const ChunkView& partner_view) {
        const BitPattern mine = select(chunk), theirs = select(partner);
        const auto [first, n] = execution::my_half(chunk, partner, chunk_size >> mine.count);
        kernels::swap_between(state.local_chunk(chunk), mine, partner_view, theirs, first, n);
    };
    visitor.remote = [&](Index chunk, Index, int partner_rank) {
        const ChunkView mine = state.local_chunk(chunk);
        const BitPattern selection = select(chunk);
        detail::exchange_in_pieces(
            state.runtime().mpi_comm(), partner_rank, chunk_size >> selection.count, buffers,
            [&](Index first, Index n, const ChunkView& send) {
                return outgoing_piece(mine, selection, 0, first, n, send);
            },
            [&](Index first, Index n, const ChunkView& received) {
                kernels::unpack(mine, selection, first, n, received);
            });
    };
    execution::for_each_chunk_pair(state, flip, participates, visitor);
}

void apply_swap(DistributedState& state, const Gate& gate) {
    const unsigned local = state.layout().local_qubits();
    const Controls controls(gate, local);
    unsigned a = std::min(gate.targets[0], gate.targets[1]), b = std::max(gate.targets[0], gate.targets[1]);
    if (b < local) {
        const BitPattern pattern = controls.local_pattern({{a, 0}, {b, 0}});
        for_each_matching_chunk(state, controls,
                                [&](Index, const ChunkView& chunk) { kernels::swap_local(chunk, a, b, pattern); });
        return;
    }
    const Index bit_b = Index{1} << (b - local);
    if (a < local) {
        // Chunk with global bit g trades its amplitudes whose local bit is 1-g.
        exchange_selected(
            state, bit_b, [&](Index chunk) { return controls.chunk_matches(chunk); },
            [&](Index chunk) { return controls.local_pattern({{a, (chunk & bit_b) ? 0 : 1}}); });
        return;
    }
    // Both global: chunks whose two bits differ trade all their (selected) amplitudes.
    const Index bit_a = Index{1} << (a - local);
    const BitPattern selection = controls.local_pattern();
    exchange_selected(
        state, bit_a | bit_b,
        [&](Index chunk) { return controls.chunk_matches(chunk) && !(chunk & bit_a) != !(chunk & bit_b); },
        [&](Index) { return selection; });
}

void apply_matrix_gate(DistributedState& state, const Gate& gate) {
    const unsigned local = state.layout().local_qubits();
    const auto is_global = [local](unsigned q) { return q >= local; };
    const std::size_t global_targets = std::count_if(gate.targets.begin(), gate.targets.end(), is_global);
    if (global_targets == 0) return apply_local_matrix(state, gate);
    if (gate.targets.size() == 1) return apply_global_one_qubit(state, gate);

    // Swap each global target with a free local qubit (highest first), apply
    // locally, swap back.
    std::vector<unsigned> free_local;
    for (unsigned q = local; q-- > 0 && free_local.size() < global_targets;) {
        const bool used = std::find(gate.targets.begin(), gate.targets.end(), q) != gate.targets.end() ||
                          std::find(gate.controls.begin(), gate.controls.end(), q) != gate.controls.end();
        if (!used) free_local.push_back(q);
    }
    if (free_local.size() < global_targets)
        throw Error("gate '" + gate.name + "' has " + std::to_string(global_targets) +
                    " targets on global qubits but only " + std::to_string(free_local.size()) +
                    " local qubits are free to swap them into (the layout has " + std::to_string(local) +
                    " local qubits); use a layout with fewer chunks");
    Gate moved = gate;
    std::vector<Gate> swaps;
    std::size_t next_free = 0;
    for (unsigned& target : moved.targets)
        if (is_global(target)) {
            swaps.push_back(gates::swap(target, free_local[next_free]));
            target = free_local[next_free++];
        }
    for (const Gate& swap : swaps) apply_swap(state, swap);
    apply_local_matrix(state, moved);
    for (auto swap = swaps.rbegin(); swap != swaps.rend(); ++swap) apply_swap(state, *swap);
}

/// exp(-i theta/2 P) = W exp(-i theta/2 Z..Z) W^dagger, W mapping Z to X (H) or to Y (S H).
void apply_pauli_rotation(DistributedState& state, const Gate& gate) {
    std::vector<unsigned> qubits;
    std::string letters;
    for (std::size_t j = 0; j < gate.targets.size(); ++j)
        if (gate.paulis[j] != 'I') {
            qubits.push_back(gate.targets[j]);
            letters.push_back(gate.paulis[j]);
        }
    const Amplitude even = to_kokkos(std::polar(1.0, -gate.angle / 2)), odd = to_kokkos(std::polar(1.0, gate.angle / 2));
    for (std::size_t j = 0; j < qubits.size(); ++j) {
        if (letters[j] == 'Y') apply_gate(state, gates::sdg(qubits[j]));
        if (letters[j] != 'Z') apply_gate(state, gates::h(qubits[j]));
    }
    const unsigned local = state.layout().local_qubits();
    const Controls controls(gate, local);
    Index parity_mask = 0;
    for (unsigned q : qubits) parity_mask |= Index{1} << q;
    execution::for_each_local_chunk(state, [&](Index, const ChunkView& chunk, Index base) {
        kernels::apply_parity_phase(chunk, base, parity_mask, even, odd, controls.full_mask, controls.full_value);
    });
    for (std::size_t j = 0; j < qubits.size(); ++j) {
        if (letters[j] != 'Z') apply_gate(state, gates::h(qubits[j]));
        if (letters[j] == 'Y') apply_gate(state, gates::s(qubits[j]));
    }
}

} // namespace

void apply_gate(DistributedState& state, const Gate& gate) {
    gate.validate(state.qubits());
    switch (gate.kind) {
    case GateKind::matrix: apply_matrix_gate(state, gate); break;
    case GateKind::diagonal: apply_diagonal_gate(state, gate); break;
    case GateKind::swap: apply_swap(state, gate); break;
    case GateKind::pauli_rotation: apply_pauli_rotation(state, gate); break;
    }
}

void apply_gate(DistributedState& state, std::string_view name, const std::vector<unsigned>& qubits,
                const std::vector<double>& parameters) {
    apply_gate(state, gates::by_name(name, qubits, parameters));
}

} // namespace qzone
