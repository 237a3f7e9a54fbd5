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
class CheckpointError : public InputError {
public:
    using InputError::InputError;
};

/// What a checkpoint records besides the amplitudes.
struct CheckpointMetadata {
    std::uint64_t circuit_hash = 0;     ///< circuit_hash() of the circuit being run
    std::uint64_t step = 0;             ///< index of the next operation to run
    std::string rng_state;              ///< the random generator's state (text)
    std::vector<std::uint8_t> clbits;   ///< classical bits, 0 or 1
    std::vector<unsigned> qubit_map;    ///< qubit -> bit position of the stored amplitudes (set by write_checkpoint)
    std::uint64_t fingerprint = 0;      ///< fingerprint() of the state (basis-state order)
    std::uint64_t seed = 0;             ///< the run's seed: a resumed run must use the same
    std::uint64_t shots = 0;            ///< the run's shot count: a resumed run must use the same
    Precision precision = Precision::double_; ///< the amplitudes' type in the file (set by write_checkpoint)
    /// What the run's plan depended on besides the circuit and options, as
    /// text (the cost model, to_text in cost_model.hpp), so that a resumed
    /// run plans exactly as the uninterrupted one; "" in files of versions 2 and 3.
    std::string plan_inputs;
};

/// The version of the file format this build writes. It reads this one,
/// version 3 (without plan inputs) and version 2 (double precision, written
/// before single precision existed).
inline constexpr std::uint32_t checkpoint_format_version = 4;

/// Writes `state` and `metadata` to `path`, collectively: rank 0 creates
/// `path + ".tmp"` with all its bytes allocated (a full disk fails here),
/// writes the header, every rank writes its amplitudes at their global
/// offsets (so the file does not depend on the rank count) and checks that
/// every byte was written; the file is synced, its size and header are read
/// back, and only then is it renamed to `path`. A crash or a failure never
/// leaves a partial file under `path`, and a failure removes the temporary
/// file. The amplitudes are written in the state's precision. Fills in
/// metadata.fingerprint, metadata.qubit_map and metadata.precision.
/// @throw qzone::IoError (on every rank) naming the file and the reason if
///        any part cannot be written.
void write_checkpoint(const DistributedState& state, const std::string& path, CheckpointMetadata& metadata);

/// Reads a checkpoint into `state` (of the same qubit count, any layout and
/// either precision) and relabels the state with the checkpoint's qubit
/// map. A checkpoint of the other precision is converted while it is read
/// (single to double is exact; double to single rounds each part once) and
/// the returned metadata.precision says what the file held.
/// Checks the magic, format version, qubit count, `expected_circuit_hash`,
/// the file size, the header checksum, the qubit map and every block
/// checksum. Collective.
/// @throw qzone::CheckpointError (on every rank) naming the file and problem.
CheckpointMetadata read_checkpoint(DistributedState& state, const std::string& path,
                                   std::uint64_t expected_circuit_hash);

/// The checkpoint files of the circuit with `circuit_hash` in `directory`,
/// newest first. Checkpoints of other circuits in the same folder are
/// ignored: their names differ.
std::vector<std::string> list_checkpoints(const std::string& directory, std::uint64_t circuit_hash);

/// The file name of the checkpoint at `step` of the circuit with
/// `circuit_hash` in `directory`: checkpoint-<hash, 16 hex digits>-<step, 12 digits>.qzck.
std::string checkpoint_path(const std::string& directory, std::uint64_t circuit_hash, std::uint64_t step);

} // namespace qzone
