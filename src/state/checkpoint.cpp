#include <runtime/checkpoint.hpp>
#include <runtime/errors.hpp>
#include <runtime/state_views.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <type_traits>

#include <runtime/files.hpp>
#include <runtime/fingerprint.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../detail/agreement.hpp"
#include "../detail/fnv1a.hpp"
#include "host_pieces.hpp"

namespace qzone {
namespace {

using detail::WordHash;
using index_type = PartitionLayout::index_type;

constexpr char magic[8] = {'Q', 'Z', 'O', 'N', 'E', 'C', 'K', 'P'};
constexpr std::uint64_t header_alignment = 4096;
constexpr std::uint32_t first_readable_version = 2; ///< double precision only, no precision field
constexpr std::uint64_t max_io_bytes = std::uint64_t{1} << 30; // per MPI-IO call (its counts are int)

/// Amplitudes per checksum block: fixed by the qubit count alone, so the
/// checksums do not depend on how the state was split.
index_type block_amplitudes(unsigned qubits) { return index_type{1} << std::min(qubits, 20u); }

/// Every rank passes its error ("" if none); if any failed, all throw the
/// first one, in rank order, as a CheckpointError (reading) or IoError (writing).
template<typename Failure>
void fail_together(const RuntimeView& runtime, const std::string& error) {
    if (const std::string first = detail::first_error(runtime.mpi_comm(), error); !first.empty()) throw Failure(first);
}

/// The hash of each checksum block, from every rank's share, fed piece by
/// piece in order: amplitudes as stored in a file of `precision`.
class BlockHashes {
public:
    BlockHashes(const DistributedState& state, Precision precision)
        : words_per_amplitude_(amplitude_bytes(precision) / sizeof(std::uint64_t)),
          block_(block_amplitudes(state.qubits())),
          first_(state.layout().first_amplitude_of(state.runtime().my_resource_set().mpi_rank())) {}

    /// This rank's amplitudes [offset, offset + count) of its range, as `data`.
    void add(index_type offset, const void* data, index_type count) {
        const auto* words = static_cast<const std::uint64_t*>(data);
        for (index_type start = first_ + offset; start < first_ + offset + count;) {
            const index_type b = start / block_, end = std::min((b + 1) * block_, first_ + offset + count);
            parts_.push_back({b, WordHash::of(words + words_per_amplitude_ * (start - first_ - offset),
                                              words_per_amplitude_ * (end - start))});
            start = end;
        }
    }

    /// Every block's hash. Collective.
    std::vector<std::uint64_t> gather(const DistributedState& state) const {
        std::vector<WordHash> blocks(state.layout().amplitude_count() / block_);
        for (const std::vector<Part>& parts : state.runtime().gather(parts_))
            for (const Part& part : parts) blocks[part.block] = blocks[part.block].then(part.hash);
        std::vector<std::uint64_t> values;
        for (const WordHash& b : blocks) values.push_back(b.value);
        return values;
    }

private:
    /// A partial hash of one block (a plain struct, so that the gather moves raw bytes).
    struct Part {
        index_type block;
        WordHash hash;
    };
    index_type words_per_amplitude_, block_, first_;
    std::vector<Part> parts_; ///< in order: parts of one block combine in rank, then piece order
};

// ---- header bytes -----------------------------------------------------------

class HeaderWriter {
public:
    template<typename T>
    void put(T value) {
        const auto* p = reinterpret_cast<const char*>(&value);
        bytes.append(p, sizeof(T));
    }
    void put_bytes(const void* data, std::size_t size) { bytes.append(static_cast<const char*>(data), size); }
    std::string bytes;
};

class HeaderReader {
public:
    explicit HeaderReader(const std::string& bytes) : bytes_(bytes) {}
    template<typename T>
    T get() {
        T value{};
        take(&value, sizeof(T));
        return value;
    }
    void take(void* out, std::size_t size) {
        if (at_ + size > bytes_.size()) throw CheckpointError("header ends early");
        std::memcpy(out, bytes_.data() + at_, size);
        at_ += size;
    }
    std::size_t position() const { return at_; }

private:
    const std::string& bytes_;
    std::size_t at_ = 0;
};

std::uint64_t fnv1a(const char* data, std::size_t size) {
    detail::Fnv1a hash;
    hash.feed(data, size);
    return hash.value();
}

struct Header {
    std::uint32_t version = 0;
    std::uint32_t qubits = 0;
    std::uint64_t header_bytes = 0;
    CheckpointMetadata metadata;
    std::uint64_t block_amplitudes = 0;
    std::vector<std::uint64_t> checksums;
};

std::string encode(const Header& header) {
    HeaderWriter w;
    w.put_bytes(magic, sizeof(magic));
    w.put(header.version);
    w.put(header.qubits);
    w.put(std::uint64_t{0}); // header_bytes, patched below
    w.put(header.metadata.circuit_hash);
    w.put(header.metadata.step);
    w.put(header.metadata.fingerprint);
    w.put(header.metadata.seed);
    w.put(header.metadata.shots);
    w.put(static_cast<std::uint32_t>(amplitude_bytes(header.metadata.precision)));
    w.put(static_cast<std::uint32_t>(header.metadata.rng_state.size()));
    w.put_bytes(header.metadata.rng_state.data(), header.metadata.rng_state.size());
    w.put(static_cast<std::uint32_t>(header.metadata.clbits.size()));
    w.put_bytes(header.metadata.clbits.data(), header.metadata.clbits.size());
    w.put(static_cast<std::uint32_t>(header.metadata.qubit_map.size()));
    for (unsigned q : header.metadata.qubit_map) w.put(static_cast<std::uint32_t>(q));
    w.put(static_cast<std::uint32_t>(header.metadata.plan_inputs.size()));
    w.put_bytes(header.metadata.plan_inputs.data(), header.metadata.plan_inputs.size());
    w.put(header.block_amplitudes);
    w.put(static_cast<std::uint64_t>(header.checksums.size()));
    for (std::uint64_t c : header.checksums) w.put(c);
    const std::uint64_t padded = (w.bytes.size() + sizeof(std::uint64_t) + header_alignment - 1) / header_alignment *
                                 header_alignment;
    std::memcpy(w.bytes.data() + sizeof(magic) + 8, &padded, sizeof(padded));
    w.put(fnv1a(w.bytes.data(), w.bytes.size())); // the header's own checksum
    w.bytes.resize(padded, '\0');
    return w.bytes;
}

/// Parses a header; throws CheckpointError (without the file name) if it is not one.
Header decode(const std::string& bytes) {
    HeaderReader r(bytes);
    char found[sizeof(magic)];
    r.take(found, sizeof(found));
    if (std::memcmp(found, magic, sizeof(magic)) != 0) throw CheckpointError("not a qzone checkpoint (bad magic)");
    Header h;
    h.version = r.get<std::uint32_t>();
    if (h.version < first_readable_version || h.version > checkpoint_format_version)
        throw CheckpointError("format version " + std::to_string(h.version) + ", this qzone reads versions " +
                              std::to_string(first_readable_version) + " to " +
                              std::to_string(checkpoint_format_version));
    h.qubits = r.get<std::uint32_t>();
    h.header_bytes = r.get<std::uint64_t>();
    h.metadata.circuit_hash = r.get<std::uint64_t>();
    h.metadata.step = r.get<std::uint64_t>();
    h.metadata.fingerprint = r.get<std::uint64_t>();
    h.metadata.seed = r.get<std::uint64_t>();
    h.metadata.shots = r.get<std::uint64_t>();
    if (h.version >= 3) {
        const auto bytes_per_amplitude = r.get<std::uint32_t>();
        if (bytes_per_amplitude != amplitude_bytes(Precision::single) &&
            bytes_per_amplitude != amplitude_bytes(Precision::double_))
            throw CheckpointError("corrupted header (amplitudes of " + std::to_string(bytes_per_amplitude) + " bytes)");
        h.metadata.precision = bytes_per_amplitude == amplitude_bytes(Precision::single) ? Precision::single
                                                                                        : Precision::double_;
    }
    const auto text_size = r.get<std::uint32_t>();
    if (text_size > bytes.size()) throw CheckpointError("corrupted header (random state length)");
    h.metadata.rng_state.resize(text_size);
    r.take(h.metadata.rng_state.data(), text_size);
    const auto bit_count = r.get<std::uint32_t>();
    if (bit_count > bytes.size()) throw CheckpointError("corrupted header (classical bit count)");
    h.metadata.clbits.resize(bit_count);
    r.take(h.metadata.clbits.data(), bit_count);
    const auto map_size = r.get<std::uint32_t>();
    if (map_size > bytes.size()) throw CheckpointError("corrupted header (qubit map size)");
    for (std::uint32_t i = 0; i < map_size; ++i) h.metadata.qubit_map.push_back(r.get<std::uint32_t>());
    if (h.version >= 4) {
        const auto inputs_size = r.get<std::uint32_t>();
        if (inputs_size > bytes.size()) throw CheckpointError("corrupted header (plan inputs length)");
        h.metadata.plan_inputs.resize(inputs_size);
        r.take(h.metadata.plan_inputs.data(), inputs_size);
    }
    h.block_amplitudes = r.get<std::uint64_t>();
    const auto blocks = r.get<std::uint64_t>();
    if (blocks > bytes.size()) throw CheckpointError("corrupted header (block count)");
    for (std::uint64_t i = 0; i < blocks; ++i) h.checksums.push_back(r.get<std::uint64_t>());
    const std::size_t checked = r.position();
    if (r.get<std::uint64_t>() != fnv1a(bytes.data(), checked))
        throw CheckpointError("corrupted header (its checksum does not match)");
    return h;
}

// ---- MPI-IO -----------------------------------------------------------------

std::string mpi_io_error(const char* what, int code) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    return std::string(what) + ": " + std::string(text, static_cast<std::size_t>(length));
}

/// Reads or writes `bytes` at `offset` in pieces MPI's int counts take.
std::string transfer(MPI_File file, std::uint64_t offset, void* data, std::uint64_t bytes, bool write) {
    auto* p = static_cast<char*>(data);
    for (std::uint64_t done = 0; done < bytes;) {
        const int n = static_cast<int>(std::min(max_io_bytes, bytes - done));
        MPI_Status status;
        const int code = write ? MPI_File_write_at(file, static_cast<MPI_Offset>(offset + done), p + done, n, MPI_BYTE,
                                                   &status)
                               : MPI_File_read_at(file, static_cast<MPI_Offset>(offset + done), p + done, n, MPI_BYTE,
                                                  &status);
        int moved = 0;
        if (code == MPI_SUCCESS) MPI_Get_count(&status, MPI_BYTE, &moved);
        if (code != MPI_SUCCESS) return mpi_io_error(write ? "MPI_File_write_at" : "MPI_File_read_at", code);
        if (moved != n)
            return std::string(write ? "wrote " : "read ") + std::to_string(moved) + " of " + std::to_string(n) +
                   " bytes at offset " + std::to_string(offset + done) +
                   (write ? " (is the disk full?)" : " (the file ends early)");
        done += static_cast<std::uint64_t>(n);
    }
    return "";
}

/// Creates `path` with `bytes` allocated on disk, so that a disk without
/// room fails here, before anything is written: writes into a sparse file can
/// fail half-way, and MPI-IO does not always say so. Returns the problem, or "".
std::string allocate(const std::string& path, std::uint64_t bytes) {
    const int descriptor = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    if (descriptor < 0) return "cannot create " + path + ": " + std::strerror(errno);
    int code = ::posix_fallocate(descriptor, 0, static_cast<off_t>(bytes));
    if (code == EOPNOTSUPP || code == EINVAL) code = ::ftruncate(descriptor, static_cast<off_t>(bytes)) == 0 ? 0 : errno;
    ::close(descriptor);
    if (code == 0) return "";
    ::unlink(path.c_str());
    return "cannot allocate " + std::to_string(bytes) + " bytes for " + path + ": " + std::strerror(code);
}

/// Whether the file at `path` has `bytes` bytes and begins with `header`
/// (read back from the file system, not from a cache of MPI's). Returns the
/// problem, or "".
std::string verify(const std::string& path, std::uint64_t bytes, const std::string& header) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return "cannot inspect " + path + ": " + std::strerror(errno);
    if (static_cast<std::uint64_t>(status.st_size) != bytes)
        return path + " holds " + std::to_string(status.st_size) + " bytes instead of " + std::to_string(bytes);
    std::string found(header.size(), '\0');
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    const bool read = descriptor >= 0 && ::pread(descriptor, found.data(), found.size(), 0) ==
                                             static_cast<ssize_t>(found.size());
    if (descriptor >= 0) ::close(descriptor);
    if (!read || found != header) return path + ": the header read back differs from the one written";
    return "";
}

/// "checkpoint-<hash, 16 hex digits>-": the names of one circuit's checkpoints start so.
std::string name_prefix(std::uint64_t circuit_hash) {
    char prefix[40];
    std::snprintf(prefix, sizeof(prefix), "checkpoint-%016llx-", static_cast<unsigned long long>(circuit_hash));
    return prefix;
}

} // namespace

std::string checkpoint_path(const std::string& directory, std::uint64_t circuit_hash, std::uint64_t step) {
    char step_text[24];
    std::snprintf(step_text, sizeof(step_text), "%012llu", static_cast<unsigned long long>(step));
    return (std::filesystem::path(directory) / (name_prefix(circuit_hash) + step_text + ".qzck")).string();
}

std::vector<std::string> list_checkpoints(const std::string& directory, std::uint64_t circuit_hash) {
    const std::string prefix = name_prefix(circuit_hash);
    std::vector<std::string> paths;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".qzck") paths.push_back(entry.path().string());
    }
    std::sort(paths.rbegin(), paths.rend()); // zero-padded steps: newest first
    return paths;
}

namespace {

template<class Real>
void write_checkpoint_as(const DistributedState& state, const std::string& path, CheckpointMetadata& metadata) {
    const RuntimeView& runtime = state.runtime();
    const bool root = runtime.my_resource_set().mpi_rank() == 0;
    const Precision precision = state.precision();
    const std::size_t amplitude_size = amplitude_bytes(precision);
    Header header;
    header.version = checkpoint_format_version;
    header.qubits = state.qubits();
    header.block_amplitudes = block_amplitudes(state.qubits());
    metadata.fingerprint = fingerprint(state);
    metadata.qubit_map = state.qubit_map().positions(); // the file holds stored order
    metadata.precision = precision;
    header.metadata = metadata;
    // The checksums come with the amplitudes' pass; their count, and so the
    // header's size, is known now.
    header.checksums.assign(state.layout().amplitude_count() / header.block_amplitudes, 0);
    const std::uint64_t header_size = encode(header).size();
    const std::uint64_t total = header_size + state.layout().amplitude_count() * amplitude_size;

    const std::string temporary = path + ".tmp";
    std::string error;
    if (root) error = allocate(temporary, total);
    fail_together<IoError>(runtime, error);
    // From here on a failure removes the temporary file: the previous
    // checkpoints stay as they were, and nothing half-written remains.
    const auto fail = [&](const std::string& problem) {
        const std::string first = detail::first_error(runtime.mpi_comm(), problem);
        if (first.empty()) return;
        if (root) ::unlink(temporary.c_str());
        throw IoError("checkpoint " + path + " not written: " + first);
    };
    MPI_File file = MPI_FILE_NULL;
    int code = MPI_File_open(runtime.mpi_comm(), temporary.c_str(), MPI_MODE_WRONLY, MPI_INFO_NULL, &file);
    if (code != MPI_SUCCESS) error = "cannot open " + temporary + ": " + mpi_io_error("MPI_File_open", code);
    fail(error);
    // This rank's amplitudes through host memory, piece by piece, as the file stores them.
    const std::uint64_t my_offset =
        header_size + state.layout().first_amplitude_of(runtime.my_resource_set().mpi_rank()) * amplitude_size;
    BlockHashes hashes(state, precision);
    detail::read_in_host_pieces(local_amplitudes<Real>(state), [&](index_type first, const Kokkos::complex<Real>* data,
                                                                   index_type n) {
        hashes.add(first, data, n);
        if (error.empty())
            error = transfer(file, my_offset + first * amplitude_size, const_cast<Kokkos::complex<Real>*>(data),
                             n * amplitude_size, true);
    });
    header.checksums = hashes.gather(state);
    const std::string header_bytes = encode(header);
    if (root && error.empty())
        error = transfer(file, 0, const_cast<char*>(header_bytes.data()), header_bytes.size(), true);
    if (error.empty() && (code = MPI_File_sync(file)) != MPI_SUCCESS) error = mpi_io_error("MPI_File_sync", code);
    if ((code = MPI_File_close(&file)) != MPI_SUCCESS && error.empty()) error = mpi_io_error("MPI_File_close", code);
    if (!error.empty()) error = "writing " + temporary + ": " + error;
    fail(error);
    // Every rank's data is on disk: check what landed, and only then give
    // the checkpoint its name.
    if (root) error = verify(temporary, total, header_bytes);
    fail(error);
    files::rename(runtime, temporary, path);
}

} // namespace

void write_checkpoint(const DistributedState& state, const std::string& path, CheckpointMetadata& metadata) {
    with_real_type(state.precision(), [&](auto tag) { write_checkpoint_as<decltype(tag)>(state, path, metadata); });
}

namespace {

/// Every rank reads its own range of the open checkpoint `file` (amplitudes
/// with parts of type FileReal), wherever it lies in the state's layout,
/// checks the block checksums, and stores it in the state (parts of type
/// StateReal). Closes `file`. Collective.
template<class FileReal, class StateReal>
void load_amplitudes(DistributedState& state, MPI_File& file, const Header& header, const std::string& path) {
    const RuntimeView& runtime = state.runtime();
    const std::size_t rank = runtime.my_resource_set().mpi_rank();
    using FileAmplitude = Kokkos::complex<FileReal>;
    using StateAmplitude = Kokkos::complex<StateReal>;
    constexpr std::size_t amplitude_size = sizeof(FileAmplitude);
    const std::uint64_t my_offset = header.header_bytes + state.layout().first_amplitude_of(rank) * amplitude_size;
    BlockHashes hashes(state, header.metadata.precision);
    std::string error;
    // Read in place when the types agree; through a piece-sized buffer of the file's type otherwise.
    std::vector<FileAmplitude> buffer;
    const auto read = [&](index_type first, index_type n, void* into) {
        if (error.empty()) error = transfer(file, my_offset + first * amplitude_size, into, n * amplitude_size, false);
        if (error.empty()) hashes.add(first, into, n);
    };
    detail::write_in_host_pieces(local_amplitudes<StateReal>(state), [&](index_type first, StateAmplitude* into,
                                                                         index_type n) {
        if constexpr (std::is_same_v<FileReal, StateReal>) {
            read(first, n, into);
        } else {
            buffer.resize(n);
            read(first, n, buffer.data());
            for (index_type i = 0; i < n; ++i)
                into[i] = StateAmplitude(static_cast<StateReal>(buffer[i].real()), static_cast<StateReal>(buffer[i].imag()));
        }
    });
    MPI_File_close(&file);
    if (!error.empty()) error = path + ": " + error;
    fail_together<CheckpointError>(runtime, error);

    const std::vector<std::uint64_t> blocks = hashes.gather(state);
    for (std::size_t b = 0; b < blocks.size(); ++b)
        if (blocks[b] != header.checksums[b]) {
            const index_type first = b * header.block_amplitudes;
            throw CheckpointError(path + ": corrupted: amplitudes " + std::to_string(first) + " to " +
                                  std::to_string(first + header.block_amplitudes - 1) +
                                  " do not match their checksum");
        }
}

} // namespace

CheckpointMetadata read_checkpoint(DistributedState& state, const std::string& path, std::uint64_t expected_circuit_hash) {
    const RuntimeView& runtime = state.runtime();
    const bool root = runtime.my_resource_set().mpi_rank() == 0;
    MPI_File file = MPI_FILE_NULL;
    std::string error;
    int code = MPI_File_open(runtime.mpi_comm(), path.c_str(), MPI_MODE_RDONLY, MPI_INFO_NULL, &file);
    if (code != MPI_SUCCESS) error = path + ": cannot open: " + mpi_io_error("MPI_File_open", code);
    fail_together<CheckpointError>(runtime, error);

    // Rank 0 reads and checks the header; every rank parses the same bytes.
    std::string header_bytes;
    MPI_Offset size = 0;
    MPI_File_get_size(file, &size);
    if (root) {
        header_bytes.resize(static_cast<std::size_t>(std::min<MPI_Offset>(size, header_alignment)));
        error = transfer(file, 0, header_bytes.data(), header_bytes.size(), false);
        if (error.empty() && header_bytes.size() >= 24) {
            std::uint64_t full = 0;
            std::memcpy(&full, header_bytes.data() + 16, sizeof(full));
            if (full > header_bytes.size() && full <= static_cast<std::uint64_t>(size) && full < (1u << 30)) {
                header_bytes.resize(full);
                error = transfer(file, 0, header_bytes.data(), full, false);
            }
        }
    }
    header_bytes = runtime.at(0).ram().broadcast(header_bytes);
    Header header;
    try {
        if (error.empty()) header = decode(header_bytes);
    } catch (const CheckpointError& e) {
        error = e.what();
    }
    const index_type count = state.layout().amplitude_count();
    const std::size_t amplitude_size = amplitude_bytes(header.metadata.precision);
    if (error.empty() && header.qubits != state.qubits())
        error = "it holds " + std::to_string(header.qubits) + " qubits, the circuit has " + std::to_string(state.qubits());
    if (error.empty() && header.metadata.circuit_hash != expected_circuit_hash)
        error = "it was written for another circuit (circuit hash differs)";
    if (error.empty() && static_cast<std::uint64_t>(size) != header.header_bytes + count * amplitude_size)
        error = "it is truncated or extended: " + std::to_string(size) + " bytes instead of " +
                std::to_string(header.header_bytes + count * amplitude_size);
    if (error.empty() && (header.block_amplitudes != block_amplitudes(state.qubits()) ||
                          header.checksums.size() != count / header.block_amplitudes))
        error = "corrupted header (checksum blocks)";
    QubitMap map;
    if (error.empty()) {
        try {
            if (header.metadata.qubit_map.size() != state.qubits()) throw InputError("wrong size");
            map = QubitMap::from_positions(header.metadata.qubit_map);
        } catch (const InputError&) {
            error = "corrupted header (qubit map)";
        }
    }
    if (!error.empty()) {
        MPI_File_close(&file);
        throw CheckpointError(path + ": " + error);
    }

    with_real_type(state.precision(), [&](auto state_tag) {
        with_real_type(header.metadata.precision, [&](auto file_tag) {
            load_amplitudes<decltype(file_tag), decltype(state_tag)>(state, file, header, path);
        });
    });
    state.relabel(std::move(map));
    return header.metadata;
}

} // namespace qzone
