// Checkpoint I/O against the disk's own sequential bandwidth, in the same run:
// write_checkpoint / read_checkpoint of a 2^n state (default 26 qubits, 1 GiB)
// against a plain sequential write (+ fsync) and read of the same number of
// bytes to the same directory, by rank 0 alone. Medians of --repeats runs;
// each repeat does the plain and the checkpoint I/O one after the other, so
// that both meet the same page-cache and write-back conditions.
//
//   mpirun -np 2 build/bench/qzone-bench-checkpoint --qubits 26 --dir /tmp/ckpt-bench

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <runtime/apply_gate.hpp>
#include <runtime/checkpoint.hpp>

#include "timing.hpp"

namespace {

using qzone::bench::median;
using qzone::bench::slowest_seconds;

/// Rank 0 writes (with fsync) or reads `bytes` sequentially in 64 MiB blocks.
void plain_io(const std::string& path, std::size_t bytes, bool write) {
    std::vector<char> block(std::size_t{64} << 20, 1);
    const int fd = write ? open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644) : open(path.c_str(), O_RDONLY);
    if (fd < 0) throw std::runtime_error("cannot open " + path);
    for (std::size_t done = 0; done < bytes;) {
        const std::size_t n = std::min(block.size(), bytes - done);
        const ssize_t moved = write ? ::write(fd, block.data(), n) : ::read(fd, block.data(), n);
        if (moved <= 0) throw std::runtime_error("I/O error on " + path);
        done += static_cast<std::size_t>(moved);
    }
    if (write) fsync(fd);
    close(fd);
}

} // namespace

int main(int argc, char** argv) {
    const qzone::RuntimeView rt;
    unsigned qubits = 26;
    int repeats = 3;
    std::string dir = "/tmp/qzone-bench-checkpoint";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--qubits") qubits = static_cast<unsigned>(std::stoul(argv[i + 1]));
        else if (key == "--repeats") repeats = std::max(1, std::stoi(argv[i + 1]));
        else if (key == "--dir") dir = argv[i + 1];
    }
    const bool root = rt.my_resource_set().mpi_rank() == 0;
    if (root) std::filesystem::create_directories(dir);
    rt.barrier();
    qzone::DistributedState state(rt, qubits);
    for (unsigned q = 0; q < qubits; ++q) qzone::apply_gate(state, qzone::gates::ry(q, 0.1 * (q + 1)));
    const double bytes = static_cast<double>(state.layout().amplitude_count()) * 16;
    const std::string path = dir + "/bench.qzck", plain = dir + "/plain.bin";
    qzone::CheckpointMetadata metadata{42, 0, "", {}, {}, 0};

    std::vector<double> plain_writes, plain_reads, writes, reads;
    for (int i = 0; i < repeats; ++i) {
        plain_writes.push_back(slowest_seconds(rt, [&] {
            if (root) plain_io(plain, static_cast<std::size_t>(bytes), true);
        }));
        writes.push_back(slowest_seconds(rt, [&] { qzone::write_checkpoint(state, path, metadata); }));
        plain_reads.push_back(slowest_seconds(rt, [&] {
            if (root) plain_io(plain, static_cast<std::size_t>(bytes), false);
        }));
        reads.push_back(slowest_seconds(rt, [&] { qzone::read_checkpoint(state, path, 42); }));
    }
    const double plain_write = median(plain_writes), plain_read = median(plain_reads);
    const double write = median(writes), read = median(reads);
    if (root) {
        std::printf("state %.2f GiB on %zu ranks; medians of %d\n", bytes / double(1 << 30), rt.size(), repeats);
        std::printf("plain sequential write+fsync: %.3f s (%.2f GB/s); read: %.3f s (%.2f GB/s)\n", plain_write,
                    bytes / plain_write / 1e9, plain_read, bytes / plain_read / 1e9);
        std::printf("checkpoint write: %.3f s (%.2f GB/s, ratio %.2f); read+verify: %.3f s (%.2f GB/s, ratio %.2f)\n",
                    write, bytes / write / 1e9, plain_write / write, read, bytes / read / 1e9, plain_read / read);
        std::filesystem::remove(plain);
        std::filesystem::remove(path);
    }
    return 0;
}
