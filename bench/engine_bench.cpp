// The engine against the machine's own limits, measured in the same run:
//
//   kernel   (1 rank): a one-qubit gate on every target 0..n-1 of a 2^n state;
//            achieved bandwidth (2 x 16 x 2^n bytes per gate over its time)
//            over the in-place read+write bandwidth of a plain loop over the
//            same array.
//   blocks   (1 rank): a fused dense block on k = 1..6 qubits, a permutation
//            on 6 qubits and a diagonal block on 10 qubits, each at low,
//            middle and high positions;
//            the median time of a pass over the one-qubit pass and over the
//            in-place loop: the figures of the planner's cost model
//            (src/planning/cost_model.cpp).
//   exchange (2+ ranks): a one-qubit gate on the highest (global) qubit, with
//            node-shared memory and with the MPI exchange; achieved exchange
//            bandwidth over raw MPI_Sendrecv of the same volume in the same
//            piece size; resident (RSS) and proportional (PSS) memory per
//            rank over its share of the state plus its exchange buffer.
//
//   --precision single runs kernel and blocks on a single-precision state
//   (its in-place loop moves half the bytes; the GB/s count them).
//
//   build/bench/qzone-bench-engine --mode kernel --qubits 26 [--repeats 5] [--json FILE]
//   build/bench/qzone-bench-engine --mode blocks --qubits 24 [--precision single]
//   mpirun -np 2 build/bench/qzone-bench-engine --mode exchange --qubits 26

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <runtime/apply_gate.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/errors.hpp>
#include <runtime/state_views.hpp>

#include "timing.hpp"

namespace {

struct Options {
    std::string mode = "kernel";
    unsigned qubits = 26;
    int repeats = 5;
    std::size_t buffer_bytes = std::size_t{64} << 20;
    qzone::Precision precision = qzone::Precision::double_;
    std::string json_path;

    qzone::StateOptions state() const {
        qzone::StateOptions state;
        state.exchange_buffer_bytes = buffer_bytes;
        state.precision = precision;
        return state;
    }
};

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--mode") options.mode = value;
        else if (key == "--qubits") options.qubits = static_cast<unsigned>(std::stoul(value));
        else if (key == "--repeats") options.repeats = std::max(1, std::stoi(value));
        else if (key == "--buffer-mib") options.buffer_bytes = std::stoul(value) << 20;
        else if (key == "--json") options.json_path = value;
        else if (key == "--precision") options.precision = qzone::parse_precision(value, "--precision");
        else throw qzone::InputError("unknown option " + key);
    }
    return options;
}

using qzone::bench::median_seconds;
using qzone::bench::peak_resident_bytes;

constexpr double gib = double(1ull << 30);

/// The plainest in-place read+write pass: every amplitude negated.
template<class Real>
void negate_in_place(const qzone::AmplitudeView<Real>& amplitudes) {
    Kokkos::parallel_for(
        "bench::in_place", amplitudes.extent(0), KOKKOS_LAMBDA(const std::size_t i) { amplitudes(i) = -amplitudes(i); });
}

/// The in-place pass's time per pass over the state.
double in_place_seconds(const qzone::RuntimeView& rt, const qzone::DistributedState& state, int repeats) {
    return qzone::with_real_type(state.precision(), [&](auto tag) {
        const auto amplitudes = qzone::local_amplitudes<decltype(tag)>(state);
        return median_seconds(rt, repeats, [&] { negate_in_place(amplitudes); });
    });
}

nlohmann::json run_kernel(const qzone::RuntimeView& rt, const Options& options) {
    qzone::DistributedState state(rt, options.qubits, options.state());
    const double bytes = 2.0 * double(qzone::amplitude_bytes(options.precision)) *
                         double(state.layout().amplitude_count_of(0));
    const double reference = in_place_seconds(rt, state, options.repeats);
    std::printf("in-place read+write loop: %.2f GB/s (%.4f s per pass of %.2f GiB)\n", bytes / reference / 1e9,
                reference, bytes / gib);
    std::printf("%6s %12s %10s %8s\n", "target", "time (s)", "GB/s", "ratio");
    nlohmann::json rows = nlohmann::json::array();
    double worst = 1e300;
    for (unsigned target = 0; target < options.qubits; ++target) {
        const qzone::Gate gate = qzone::gates::h(target);
        const double t = median_seconds(rt, options.repeats, [&] { qzone::apply_gate(state, gate); });
        const double ratio = reference / t;
        worst = std::min(worst, ratio);
        std::printf("%6u %12.4f %10.2f %8.2f\n", target, t, bytes / t / 1e9, ratio);
        rows.push_back({{"target", target}, {"seconds", t}, {"gb_per_s", bytes / t / 1e9}, {"ratio", ratio}});
    }
    std::printf("worst ratio %.2f\n", worst);
    return {{"reference_seconds", reference},
            {"reference_gb_per_s", bytes / reference / 1e9},
            {"targets", rows},
            {"worst_ratio", worst}};
}

nlohmann::json run_blocks(const qzone::RuntimeView& rt, const Options& options) {
    const unsigned n = options.qubits;
    qzone::DistributedState state(rt, n, options.state());
    const double reference = in_place_seconds(rt, state, options.repeats);
    // A unitary on k qubits: the DFT matrix (every entry non-zero).
    const auto dft = [](unsigned k) {
        const std::size_t dim = std::size_t{1} << k;
        std::vector<std::complex<double>> m(dim * dim);
        for (std::size_t r = 0; r < dim; ++r)
            for (std::size_t c = 0; c < dim; ++c)
                m[r * dim + c] = std::polar(1 / std::sqrt(double(dim)), 2 * M_PI * double(r * c) / double(dim));
        return m;
    };
    const auto at = [n](unsigned k, unsigned lowest) {
        std::vector<unsigned> qubits;
        for (unsigned j = 0; j < k; ++j) qubits.push_back(std::min(lowest, n - k) + j);
        return qubits;
    };
    const auto pass_time = [&](const qzone::Gate& block) {
        return median_seconds(rt, options.repeats, [&] { qzone::apply_gate(state, block); });
    };
    std::printf("in-place loop: %.4f s per pass\n%-10s %10s %10s %10s %12s %12s\n", reference, "block", "low (s)",
                "middle (s)", "high (s)", "/one-qubit", "/in-place");
    nlohmann::json rows = nlohmann::json::array();
    double one_qubit = 0;
    const auto report = [&](const std::string& name, const std::function<qzone::Gate(unsigned)>& block_at) {
        std::vector<double> times;
        for (unsigned lowest : {0u, n / 2, n}) times.push_back(pass_time(block_at(lowest)));
        const double typical = qzone::bench::median(times);
        if (one_qubit == 0) one_qubit = typical;
        std::printf("%-10s %10.4f %10.4f %10.4f %12.2f %12.2f\n", name.c_str(), times[0], times[1], times[2],
                    typical / one_qubit, typical / reference);
        rows.push_back({{"block", name}, {"seconds", times}, {"per_one_qubit", typical / one_qubit},
                        {"per_in_place", typical / reference}});
    };
    for (unsigned k = 1; k <= 6; ++k)
        report("dense" + std::to_string(k), [&](unsigned lowest) { return qzone::gates::unitary(at(k, lowest), dft(k)); });
    // A permutation: basis state i to i + 1 (mod 64), as a chain of CX gates moves them (every amplitude moves).
    report("permutation6", [&](unsigned lowest) {
        std::vector<std::complex<double>> shift(64 * 64, 0.0);
        for (std::size_t i = 0; i < 64; ++i) shift[((i + 1) % 64) * 64 + i] = 1.0;
        return qzone::gates::unitary(at(6, lowest), shift);
    });
    report("diagonal10", [&](unsigned lowest) {
        std::vector<std::complex<double>> phases(1024);
        for (std::size_t i = 0; i < phases.size(); ++i) phases[i] = std::polar(1.0, 0.001 * double(i));
        return qzone::gates::diagonal(at(10, lowest), phases);
    });
    return {{"reference_seconds", reference}, {"blocks", rows}};
}

/// A field of /proc/self/smaps_rollup ("Rss", "Pss") in bytes. Pss shares
/// each page among the processes that map it, so pages of a node-shared
/// state count once per node, not once per rank that touched them.
double smaps_bytes(const std::string& field) {
    std::ifstream smaps("/proc/self/smaps_rollup");
    std::string key;
    double kib = 0;
    std::string unit;
    while (smaps >> key) {
        if (key == field + ":") {
            smaps >> kib >> unit;
            return kib * 1024;
        }
        smaps.ignore(1 << 20, '\n');
    }
    return 0;
}

/// One global-qubit gate: timing and memory with node-shared memory on or off.
nlohmann::json measure_exchange(const qzone::RuntimeView& rt, const Options& options, bool share_node_memory,
                                double raw_time) {
    qzone::StateOptions state_options = options.state();
    state_options.share_node_memory = share_node_memory;
    qzone::DistributedState state(rt, options.qubits, state_options);
    const qzone::Gate gate = qzone::gates::h(options.qubits - 1);
    const double gate_time = median_seconds(rt, options.repeats, [&] { qzone::apply_gate(state, gate); });
    const double volume = double(state.layout().amplitude_count_of(rt.my_resource_set().mpi_rank())) *
                          double(qzone::amplitude_bytes(options.precision));
    const double share = volume + static_cast<double>(state.exchange_buffer_bytes());
    const std::vector<double> rss = rt.gather(smaps_bytes("Rss")), pss = rt.gather(smaps_bytes("Pss"));
    const char* name = share_node_memory ? "node-shared memory" : "MPI exchange";
    if (rt.my_resource_set().mpi_rank() == 0) {
        std::printf("%-19s gate %.4f s (%.2f GB/s per rank), ratio to raw MPI_Sendrecv %.2f\n", name, gate_time,
                    volume / gate_time / 1e9, raw_time / gate_time);
        for (std::size_t r = 0; r < rss.size(); ++r)
            std::printf("  rank %zu: RSS %.3f GiB = %.3f x, PSS %.3f GiB = %.3f x (share + buffer = %.3f GiB)\n", r,
                        rss[r] / gib, rss[r] / share, pss[r] / gib, pss[r] / share, share / gib);
    }
    return {{"gate_seconds", gate_time},
            {"ratio", raw_time / gate_time},
            {"rss_bytes_per_rank", rss},
            {"pss_bytes_per_rank", pss},
            {"share_plus_buffer_bytes", share}};
}

/// Raw MPI_Sendrecv of `volume` bytes with the partner of a gate on the top
/// qubit, in pieces of the exchange buffer's piece size, from a scratch array.
double raw_sendrecv_seconds(const qzone::RuntimeView& rt, const Options& options) {
    const auto layout = qzone::PartitionLayout::balanced(options.qubits, rt.size());
    if (layout.is_local(options.qubits - 1))
        throw qzone::InputError("the exchange benchmark needs at least 2 ranks");
    const std::size_t rank = rt.my_resource_set().mpi_rank();
    const std::size_t volume = layout.amplitude_count_of(rank) * 16;
    const std::size_t piece = std::min<std::size_t>(options.buffer_bytes / 4, volume);
    std::vector<char> send(volume, 1), receive(piece);
    const int partner = static_cast<int>(
        layout.rank_of_chunk(layout.first_chunk_of(rank) ^ (layout.chunk_count() / 2)));
    const double seconds = median_seconds(rt, options.repeats, [&] {
        for (std::size_t offset = 0; offset < volume; offset += piece) {
            const int n = static_cast<int>(std::min(piece, volume - offset));
            MPI_Sendrecv(send.data() + offset, n, MPI_BYTE, partner, 1, receive.data(), n, MPI_BYTE, partner, 1,
                         rt.mpi_comm(), MPI_STATUS_IGNORE);
        }
    });
    if (rank == 0)
        std::printf("raw MPI_Sendrecv: %.2f GiB per rank each way in %.1f MiB pieces: %.4f s (%.2f GB/s)\n",
                    volume / gib, piece / double(1 << 20), seconds, volume / seconds / 1e9);
    return seconds;
}

nlohmann::json run_exchange(const qzone::RuntimeView& rt, const Options& options) {
    const double raw = raw_sendrecv_seconds(rt, options);
    return {{"raw_sendrecv_seconds", raw},
            {"node_shared_memory", measure_exchange(rt, options, true, raw)},
            {"mpi_exchange", measure_exchange(rt, options, false, raw)}};
}

} // namespace

int main(int argc, char** argv) {
    const qzone::RuntimeView rt(argc, argv);
    try {
        const Options options = parse(argc, argv);
        nlohmann::json result = options.mode == "kernel"   ? run_kernel(rt, options)
                                : options.mode == "blocks" ? run_blocks(rt, options)
                                                           : run_exchange(rt, options);
        const double peak = peak_resident_bytes();
        if (rt.my_resource_set().mpi_rank() == 0) {
            std::printf("peak RSS of rank 0: %.3f GiB\n", peak / gib);
            result["mode"] = options.mode;
            result["qubits"] = options.qubits;
            result["ranks"] = rt.size();
            result["repeats"] = options.repeats;
            if (!options.json_path.empty()) std::ofstream(options.json_path) << result.dump(2) << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qzone-bench-engine: error: %s\n", e.what());
        return 1;
    }
}
