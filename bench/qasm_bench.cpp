// qzone-bench-qasm: how fast the OpenQASM reader reads and how much memory
// the circuit it builds holds per gate.
//
//   qzone-bench-qasm [--megabytes 50] [--qubits 4] [--repeats 3] [--file FILE]
//
// Without --file, a program of about --megabytes MB is generated in memory
// (qelib1 gates: h, x, t, cx, rz, u3 at random on --qubits qubits). Prints
// the median parse rate in MB/s next to the reference, the rate of one plain
// pass over the same text that counts its statements (no reader can be
// faster), and the heap bytes the Circuit holds per gate (malloc's own count,
// text excluded), plus the process's peak resident memory.

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <malloc.h>

#include <runtime/qasm.hpp>

#include "timing.hpp"

namespace {

std::string generated_program(double megabytes, unsigned qubits) {
    std::mt19937_64 rng(1);
    std::string text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[" + std::to_string(qubits) + "];\ncreg c[" +
                       std::to_string(qubits) + "];\n";
    const char* forms[] = {"h q[%u];\n", "x q[%u];\n", "t q[%u];\n", "cx q[%u],q[%u];\n", "rz(0.123456) q[%u];\n",
                           "u3(0.1,0.2,0.3) q[%u];\n"};
    char line[64];
    while (text.size() < megabytes * 1e6) {
        const unsigned a = static_cast<unsigned>(rng() % qubits);
        const unsigned b = (a + 1 + static_cast<unsigned>(rng() % (qubits - 1))) % qubits;
        std::snprintf(line, sizeof(line), forms[rng() % 6], a, b);
        text += line;
    }
    return text + "measure q -> c;\n";
}

/// Bytes malloc has handed out and not taken back, large (mmapped) blocks included.
std::size_t heap_in_use() {
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

double seconds_of(const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    double megabytes = 50;
    unsigned qubits = 4;
    int repeats = 3;
    std::string file;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--megabytes") megabytes = std::stod(value);
        else if (key == "--qubits") qubits = static_cast<unsigned>(std::stoul(value));
        else if (key == "--repeats") repeats = std::stoi(value);
        else if (key == "--file") file = value;
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    std::string text;
    if (file.empty()) {
        text = generated_program(megabytes, qubits);
    } else {
        std::ostringstream read;
        read << std::ifstream(file, std::ios::binary).rdbuf();
        text = read.str();
    }
    const double mb = static_cast<double>(text.size()) / 1e6;

    std::vector<double> scan_times, parse_times;
    std::size_t statements = 0, gates = 0;
    double held_bytes = 0;
    for (int r = 0; r < repeats; ++r) {
        scan_times.push_back(seconds_of([&] {
            statements = 0;
            for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, ';', text.data() + text.size() - p)));
                 ++p)
                ++statements;
        }));
        const std::size_t before = heap_in_use();
        qzone::Circuit circuit;
        parse_times.push_back(seconds_of([&] { circuit = qzone::parse_qasm(text, "bench.qasm"); }));
        held_bytes = static_cast<double>(heap_in_use() - before);
        gates = circuit.operations.size();
    }
    const double scan = qzone::bench::median(scan_times), parse = qzone::bench::median(parse_times);
    std::printf("text %.1f MB, %zu statements, %zu operations\n", mb, statements, gates);
    std::printf("reference: one pass counting statements   %8.1f MB/s\n", mb / scan);
    std::printf("parse_qasm (median of %d)                  %8.1f MB/s  (%.3f s; %.4f of the reference)\n", repeats,
                mb / parse, parse, scan / parse);
    std::printf("circuit held in memory: %.1f MB, %.0f bytes per operation\n", held_bytes / 1e6,
                held_bytes / static_cast<double>(gates));
    std::printf("peak resident memory: %.1f MB\n", qzone::bench::peak_resident_bytes() / 1e6);
}
