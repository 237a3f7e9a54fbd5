#pragma once
/// @file machine_model.hpp
/// How fast a machine's parts are, for projections (projection.hpp), and the
/// model of the machine at hand.

#include <array>
#include <cstddef>

#include <runtime/precision.hpp>

namespace qzone {

class RuntimeView;

/// How fast a machine's parts are, per rank.
struct MachineModel {
    /// Seconds one rank spends per amplitude of its share on a pass applying
    /// a dense block on k qubits (index k = 1..6; index 0 unused).
    std::array<double, 7> dense_pass_seconds{};
    /// The same for a diagonal block.
    double diagonal_pass_seconds = 0;
    /// Bytes per second one rank moves in an exchange stage within memory
    /// (between its own chunks, or with a rank of its node in node-shared memory).
    double memory_exchange_bandwidth = 0;
    /// Bytes per second one rank copies (packing and unpacking messages).
    double copy_bandwidth = 0;
    /// Bytes per second a rank exchanges with a rank of its node through
    /// MPI, packing and unpacking included.
    double intra_node_bandwidth = 0;
    /// Bytes per second a rank sends to a rank of another node (packing and
    /// unpacking come on top, at the copy rate).
    double inter_node_bandwidth = 0;
    /// Whether measure_machine measured them (on two ranks) or assumed them.
    bool intra_node_measured = false, inter_node_measured = false;
    /// Seconds per message within and between nodes.
    double intra_node_latency = 0, inter_node_latency = 0;
    /// Cores of a node: more ranks than cores on a node share them.
    std::size_t cores_per_node = 1;
    /// Memory a node offers a state, in bytes.
    double memory_per_node_bytes = 0;
};

/// The model of the machine `runtime` runs on: passes timed with the real
/// kernels on 2^22 amplitudes of `precision` per rank (median of 3 each, the
/// slowest rank's, the mean over blocks on the lowest, middle and highest
/// qubits), an exchange stage between two chunks of a rank, a memory copy,
/// the node's cores and available memory. On two ranks also an exchange
/// stage between them through MPI: the intra-node bandwidth when they share a
/// node, the inter-node one otherwise. What is not measured is assumed: MPI
/// within a node at a third of the copy rate (packing, one copy, unpacking),
/// 1 us per message; between nodes 12.5 GB/s (100 Gb/s InfiniBand), 2 us.
/// Takes a few seconds. Collective over `runtime`.
/// @throw qzone::InputError if `runtime` has more than two ranks;
///        qzone::ResourceError if the state does not fit.
MachineModel measure_machine(const RuntimeView& runtime, Precision precision);

} // namespace qzone
