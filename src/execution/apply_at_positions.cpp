// Gates on stored bit positions: picks the kernel for each gate and the
// chunks it runs on. Targets of dense gates lie inside chunks (the caller
// moved them there); diagonal gates and controls may lie anywhere.

#include "apply_at_positions.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fused_blocks.hpp>
#include <kernel_types.hpp>
#include <local_gates.hpp>
#include <permutation_blocks.hpp>

#include "../planning/gate_matrix.hpp"
#include "../transport/pair_routes.hpp"
#include "remap.hpp"
#include "to_amplitudes.hpp"

namespace qzone::execution {
namespace {

using kernels::Index;
using kernels::Amplitude;
using kernels::BitPattern;
template<class Real>
using Chunk = kernels::Chunk<Real>;

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

/// `values` rounded to Real, in the default memory space.
template<class Real>
Kokkos::View<const Kokkos::complex<Real>*> upload(const std::vector<std::complex<double>>& values) {
    Kokkos::View<Kokkos::complex<Real>*> device(Kokkos::ViewAllocateWithoutInitializing("qzone::gate_entries"),
                                                values.size());
    auto host = Kokkos::create_mirror_view(device);
    for (std::size_t i = 0; i < values.size(); ++i) host(i) = kernels::to_real<Real>(to_amplitude(values[i]));
    Kokkos::deep_copy(device, host);
    return device;
}

/// Runs `body(chunk_index, chunk_view)` on every chunk of this rank whose
/// global controls match.
template<class Real, typename Body>
void for_each_matching_chunk(const DistributedState& state, const Controls& controls, Body&& body) {
    transport::for_each_local_chunk<Real>(state, [&](Index chunk, const Chunk<Real>& view, Index) {
        if (controls.chunk_matches(chunk)) body(chunk, view);
    });
}

template<class Real>
void apply_diagonal_gate(DistributedState& state, const Gate& gate) {
    const unsigned local = state.layout().local_qubits();
    const Controls controls(gate, local);
    if (kernels::host_block_kernels && gate.controls.empty() && local >= 6 && local <= 39) {
        const std::vector<Amplitude> entries = to_amplitudes(gate.matrix);
        transport::for_each_local_chunk<Real>(state, [&](Index, const Chunk<Real>& chunk, Index base) {
            kernels::apply_diagonal_block_host(chunk, base, gate.targets, entries);
        });
        return;
    }
    const auto entries = upload<Real>(gate.matrix);
    Kokkos::Array<unsigned, kernels::max_pattern_bits> qubits{};
    for (std::size_t j = 0; j < gate.targets.size(); ++j) qubits[j] = gate.targets[j];
    // Controls are checked on the full index here, so no chunk is skipped.
    transport::for_each_local_chunk<Real>(state, [&](Index, const Chunk<Real>& chunk, Index base) {
        kernels::apply_diagonal(chunk, base, entries, qubits, static_cast<unsigned>(gate.targets.size()),
                                controls.full_mask, controls.full_value);
    });
}

template<int K, class Real>
void apply_dense_on(const Chunk<Real>& chunk, const Kokkos::View<const Kokkos::complex<Real>*>& matrix,
                    const std::vector<unsigned>& targets, const BitPattern& pattern) {
    Kokkos::Array<Index, (1 << K)> offsets{};
    for (int sub = 0; sub < (1 << K); ++sub)
        for (int j = 0; j < K; ++j)
            if (sub >> j & 1) offsets[sub] |= Index{1} << targets[j];
    kernels::apply_dense<K>(chunk, matrix, offsets, pattern);
}

/// A matrix gate whose targets are all local.
template<class Real>
void apply_local_matrix(DistributedState& state, const Gate& gate) {
    const Controls controls(gate, state.layout().local_qubits());
    const std::size_t k = gate.targets.size();
    std::vector<std::pair<unsigned, int>> target_bits;
    for (unsigned t : gate.targets) target_bits.emplace_back(t, 0);
    const BitPattern pattern = controls.local_pattern(target_bits);
    if (k == 1) {
        kernels::Matrix2 m;
        for (int i = 0; i < 4; ++i) m[i] = to_amplitude(gate.matrix[i]);
        for_each_matching_chunk<Real>(state, controls, [&](Index, const Chunk<Real>& chunk) {
            kernels::apply_one_qubit(chunk, gate.targets[0], m, pattern);
        });
        return;
    }
    if (kernels::host_block_kernels && gate.controls.empty()) {
        const std::vector<Amplitude> matrix = to_amplitudes(gate.matrix);
        // A permutation with phases moves amplitudes instead of multiplying
        // the matrix out (as a sweep's tile does: TileBlock).
        if (planning::is_permutation_with_phases(gate.matrix, std::size_t{1} << k)) {
            const kernels::PermutationBlockKernel<Real> kernel(gate.targets, matrix, state.layout().chunk_size());
            for_each_matching_chunk<Real>(state, controls, [&](Index, const Chunk<Real>& chunk) {
                kernel.apply(reinterpret_cast<Real*>(chunk.data()));
            });
            return;
        }
        for_each_matching_chunk<Real>(state, controls, [&](Index, const Chunk<Real>& chunk) {
            kernels::apply_dense_block_host(chunk, gate.targets, matrix);
        });
        return;
    }
    if (k == 2) {
        kernels::Matrix4 m;
        for (int i = 0; i < 16; ++i) m[i] = to_amplitude(gate.matrix[i]);
        for_each_matching_chunk<Real>(state, controls, [&](Index, const Chunk<Real>& chunk) {
            kernels::apply_two_qubit(chunk, gate.targets[0], gate.targets[1], m, pattern);
        });
        return;
    }
    const auto matrix = upload<Real>(gate.matrix);
    for_each_matching_chunk<Real>(state, controls, [&](Index, const Chunk<Real>& chunk) {
        switch (k) {
        case 3: apply_dense_on<3>(chunk, matrix, gate.targets, pattern); break;
        case 4: apply_dense_on<4>(chunk, matrix, gate.targets, pattern); break;
        case 5: apply_dense_on<5>(chunk, matrix, gate.targets, pattern); break;
        default: apply_dense_on<6>(chunk, matrix, gate.targets, pattern); break;
        }
    });
}

template<class Real>
void apply_swap(DistributedState& state, const Gate& gate) {
    const unsigned local = state.layout().local_qubits();
    const Controls controls(gate, local);
    unsigned a = std::min(gate.targets[0], gate.targets[1]), b = std::max(gate.targets[0], gate.targets[1]);
    if (b < local) {
        const BitPattern pattern = controls.local_pattern({{a, 0}, {b, 0}});
        for_each_matching_chunk<Real>(state, controls,
                                      [&](Index, const Chunk<Real>& chunk) { kernels::swap_local(chunk, a, b, pattern); });
        return;
    }
    const Index bit_b = Index{1} << (b - local);
    if (a < local) {
        // Chunk with global bit g trades its amplitudes whose local bit is 1-g.
        swap_between_chunks(
            state, bit_b, [&](Index chunk) { return controls.chunk_matches(chunk); },
            [&](Index chunk) { return controls.local_pattern({{a, (chunk & bit_b) ? 0 : 1}}); });
        return;
    }
    // Both global: chunks whose two bits differ trade all their (selected) amplitudes.
    const Index bit_a = Index{1} << (a - local);
    const BitPattern selection = controls.local_pattern();
    swap_between_chunks(
        state, bit_a | bit_b,
        [&](Index chunk) { return controls.chunk_matches(chunk) && !(chunk & bit_a) != !(chunk & bit_b); },
        [&](Index) { return selection; });
}

template<class Real>
void apply_matrix_gate(DistributedState& state, const Gate& gate) {
    const unsigned local = state.layout().local_qubits();
    for (unsigned target : gate.targets)
        if (target >= local)
            throw InternalError("apply_at_positions: gate '" + gate.name +
                                "' has its target at chunk-index position " + std::to_string(target));
    apply_local_matrix<Real>(state, gate);
}

/// exp(-i theta/2 P) = W exp(-i theta/2 Z..Z) W^dagger, W mapping Z to X (H) or to Y (S H).
template<class Real>
void apply_pauli_rotation(DistributedState& state, const Gate& gate) {
    std::vector<unsigned> qubits;
    std::string letters;
    for (std::size_t j = 0; j < gate.targets.size(); ++j)
        if (gate.paulis[j] != 'I') {
            qubits.push_back(gate.targets[j]);
            letters.push_back(gate.paulis[j]);
        }
    const Amplitude even = to_amplitude(std::polar(1.0, -gate.angle / 2)),
                    odd = to_amplitude(std::polar(1.0, gate.angle / 2));
    for (std::size_t j = 0; j < qubits.size(); ++j) {
        if (letters[j] == 'Y') apply_at_positions(state, gates::sdg(qubits[j]));
        if (letters[j] != 'Z') apply_at_positions(state, gates::h(qubits[j]));
    }
    const unsigned local = state.layout().local_qubits();
    const Controls controls(gate, local);
    Index parity_mask = 0;
    for (unsigned q : qubits) parity_mask |= Index{1} << q;
    transport::for_each_local_chunk<Real>(state, [&](Index, const Chunk<Real>& chunk, Index base) {
        kernels::apply_parity_phase(chunk, base, parity_mask, even, odd, controls.full_mask, controls.full_value);
    });
    for (std::size_t j = 0; j < qubits.size(); ++j) {
        if (letters[j] != 'Z') apply_at_positions(state, gates::h(qubits[j]));
        if (letters[j] == 'Y') apply_at_positions(state, gates::s(qubits[j]));
    }
}

} // namespace

void apply_at_positions(DistributedState& state, const Gate& gate) {
    with_real_type(state.precision(), [&](auto tag) {
        using Real = decltype(tag);
        switch (gate.kind) {
        case GateKind::matrix: apply_matrix_gate<Real>(state, gate); break;
        case GateKind::diagonal: apply_diagonal_gate<Real>(state, gate); break;
        case GateKind::swap: apply_swap<Real>(state, gate); break;
        case GateKind::pauli_rotation: apply_pauli_rotation<Real>(state, gate); break;
        }
    });
}

namespace {

std::vector<unsigned> positions_of(const QubitMap& map, const std::vector<unsigned>& qubits) {
    std::vector<unsigned> positions;
    for (unsigned q : qubits) positions.push_back(map.position(q));
    return positions;
}

} // namespace

void apply_block(DistributedState& state, const planning::DenseBlock& block, const std::string& name) {
    apply_at_positions(state, gates::unitary(positions_of(state.qubit_map(), block.qubits), block.matrix, name));
}

void apply_block(DistributedState& state, const planning::DiagonalBlock& block, const std::string& name) {
    apply_at_positions(state, gates::diagonal(positions_of(state.qubit_map(), block.qubits), block.diagonal, name));
}

} // namespace qzone::execution
