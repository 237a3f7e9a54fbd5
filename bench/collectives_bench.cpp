// Overhead of the RuntimeView's collectives over the raw MPI calls they wrap,
// measured in the same run on the same buffers:
//   reduce(std::vector<double>, std::plus<>)  vs  MPI_Allreduce(MPI_IN_PLACE, MPI_SUM)
//     ("reduce" copies its argument, "reduce-mv" is given it with std::move)
//   gather(std::vector<char>)                 vs  MPI_Allgather
// Prints a table of median times and the ratio raw/qzone (1.0 = no overhead),
// plus peak resident memory per rank; --json FILE writes the same as JSON.
//
//   mpirun -np 2 build/bench/qzone-bench-collectives [--json FILE] [--repeats N]

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>


#include <nlohmann/json.hpp>

#include <runtime/runtime_view.hpp>

#include "timing.hpp"

using qzone::bench::median_seconds;

int main(int argc, char** argv) {
    const qzone::RuntimeView rt(argc, argv);
    std::string json_path;
    int repeats = 21;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--json") == 0) json_path = argv[i + 1];
        else if (std::strcmp(argv[i], "--repeats") == 0) repeats = std::max(1, std::atoi(argv[i + 1]));
    }
    const bool root = rt.my_resource_set().mpi_rank() == 0;
    const MPI_Comm comm = rt.mpi_comm();
    nlohmann::json rows = nlohmann::json::array();
    if (root)
        std::printf("%-9s %12s %14s %14s %8s\n", "op", "bytes/rank", "raw MPI (us)", "qzone (us)", "raw/qz");

    for (std::size_t bytes : {std::size_t{8}, std::size_t{1} << 10, std::size_t{64} << 10, std::size_t{1} << 20,
                              std::size_t{16} << 20}) {
        std::vector<double> values(bytes / sizeof(double), 1.0);
        std::vector<double> scratch = values;
        const double raw_reduce = median_seconds(rt, repeats, [&] {
            MPI_Allreduce(MPI_IN_PLACE, scratch.data(), static_cast<int>(scratch.size()), MPI_DOUBLE, MPI_SUM, comm);
        });
        const double qzone_reduce = median_seconds(rt, repeats, [&] { scratch = rt.reduce(values, std::plus<>{}); });
        const double qzone_reduce_moved =
            median_seconds(rt, repeats, [&] { scratch = rt.reduce(std::move(scratch), std::plus<>{}); });

        const std::vector<char> block(bytes, 'q');
        std::vector<char> all(bytes * rt.size());
        const double raw_gather = median_seconds(rt, repeats, [&] {
            MPI_Allgather(block.data(), static_cast<int>(bytes), MPI_CHAR, all.data(), static_cast<int>(bytes),
                          MPI_CHAR, comm);
        });
        const double qzone_gather = median_seconds(rt, repeats, [&] { rt.gather(block); });

        for (const auto& [name, raw, ours] : {std::tuple{"reduce", raw_reduce, qzone_reduce},
                                              std::tuple{"reduce-mv", raw_reduce, qzone_reduce_moved},
                                              std::tuple{"gather", raw_gather, qzone_gather}}) {
            if (root)
                std::printf("%-9s %12zu %14.1f %14.1f %8.2f\n", name, bytes, raw * 1e6, ours * 1e6, raw / ours);
            rows.push_back({{"operation", name},
                            {"bytes_per_rank", bytes},
                            {"raw_mpi_seconds", raw},
                            {"qzone_seconds", ours},
                            {"ratio_raw_over_qzone", raw / ours}});
        }
    }
    const std::vector<long> peaks = rt.gather(static_cast<long>(qzone::bench::peak_resident_bytes() / 1024));
    if (root) {
        std::printf("ranks %zu, repeats %d (median of the slowest rank); peak RSS per rank (MiB):", rt.size(), repeats);
        for (long kib : peaks) std::printf(" %.1f", kib / 1024.0);
        std::printf("\n");
        if (!json_path.empty())
            std::ofstream(json_path) << nlohmann::json{{"ranks", rt.size()},
                                                       {"repeats", repeats},
                                                       {"results", rows},
                                                       {"peak_rss_kib_per_rank", peaks}}
                                            .dump(2)
                                     << "\n";
    }
    return 0;
}
