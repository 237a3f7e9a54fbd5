#pragma once
/// @file checkpoint.hpp
/// Checkpoints: a state and the position of a run in one file, written by all
/// ranks together and readable by any number of ranks.

#include <cstdint>
#include <string>
#include <vector>

#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>

namespace qzone {

/// A checkpoint that cannot be used: what() says which file and why
/// (missing, truncated, foreign circuit, other format version, corrupted
/// block, ...). Thrown on every rank together.
class CheckpointError : public Error {
public:
    using Error::Error;
};

/// What a checkpoint records besides the amplitudes.
struct CheckpointMetadata {
    std::uint64_t circuit_hash = 0;     ///< circuit_hash() of the circuit being run
    std::uint64_t step = 0;             ///< index of the next operation to run
    std::string rng_state;              ///< the random generator's state (text)
    std::vector<std::uint8_t> clbits;   ///< classical bits, 0 or 1
    std::vector<unsigned> qubit_map;    ///< qubit -> bit position of the stored amplitudes (set by write_checkpoint)
    std::uint64_t fingerprint = 0;      ///< fingerprint() of the state (basis-state order)
};

/// The version of the file format this build writes and reads.
inline constexpr std::uint32_t checkpoint_format_version = 1;

/// Writes `state` and `metadata` to `path`, collectively: rank 0 writes the
/// header, every rank writes its amplitudes at their global offsets (so the
/// file does not depend on the rank count), then the file is synced and
/// renamed from `path + ".tmp"` once every rank has finished, so a crash
/// never leaves a partial file under `path`. Fills in metadata.fingerprint.
/// @throw qzone::CheckpointError (on every rank) if the file cannot be written.
void write_checkpoint(const DistributedState& state, const std::string& path, CheckpointMetadata& metadata);

/// Reads a checkpoint into `state` (of the same qubit count, any layout) and
/// relabels the state with the checkpoint's qubit map.
/// Checks the magic, format version, qubit count, `expected_circuit_hash`,
/// the file size, the header checksum, the qubit map and every block
/// checksum. Collective.
/// @throw qzone::CheckpointError (on every rank) naming the file and problem.
CheckpointMetadata read_checkpoint(DistributedState& state, const std::string& path,
                                   std::uint64_t expected_circuit_hash);

/// Checkpoint files in `directory` (named checkpoint-<step>.qzck), newest first.
std::vector<std::string> list_checkpoints(const std::string& directory);

/// The file name of the checkpoint at `step` in `directory`.
std::string checkpoint_path(const std::string& directory, std::uint64_t step);

} // namespace qzone
