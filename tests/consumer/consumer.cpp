// Uses the installed qzone: a view, a gather and a reduction, checked
// against closed forms. Exit code 0 when they hold.
#include <cstdio>
#include <functional>

#include <runtime/runtime_view.hpp>

int main(int argc, char** argv) {
    const qzone::RuntimeView runtime(argc, argv);
    const auto ranks = static_cast<long>(runtime.size());
    const auto rank = static_cast<long>(runtime.my_resource_set().mpi_rank());
    const bool sum_ok = runtime.reduce(rank, std::plus<>{}) == ranks * (ranks - 1) / 2;
    const bool gather_ok = runtime.gather(std::to_string(rank)).back() == std::to_string(ranks - 1);
    if (rank == 0) std::printf("consumer: %ld ranks, sum %s, gather %s\n", ranks, sum_ok ? "ok" : "WRONG",
                               gather_ok ? "ok" : "WRONG");
    return sum_ok && gather_ok ? 0 : 1;
}
