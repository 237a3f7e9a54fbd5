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
    /// Bytes per second a rank sends through MPI to a rank of its node, and to one on another node.
    double intra_node_bandwidth = 0, inter_node_bandwidth = 0;
    /// Seconds per message within and between nodes.
    double intra_node_latency = 0, inter_node_latency = 0;
    /// Cores of a node: more ranks than cores on a node share them.
    std::size_t cores_per_node = 1;
    /// Memory a node offers a state, in bytes.
    double memory_per_node_bytes = 0;
};

/// The model of the machine this process runs on: passes timed on a
/// 2^22-amplitude state of `precision` on one rank (median of 3 each, the
/// mean over blocks on the lowest, middle and highest qubits), an exchange
/// stage between two chunks of that rank, a memory copy, this node's cores
/// and available memory. MPI within a node is
/// taken to move half the copy rate (a message is copied into shared memory
/// and out again), latency 1 us; between nodes 12.5 GB/s and 2 us (100 Gb/s
/// InfiniBand): one node cannot measure them. Takes a few seconds.
/// Collective over `runtime`, which must have one rank.
/// @throw qzone::InputError if `runtime` has more than one rank;
///        qzone::ResourceError if the state does not fit.
MachineModel measure_machine(const RuntimeView& runtime, Precision precision);

} // namespace qzone
