// Uses the installed qzone: a view, a gather, a reduction and a Kokkos
// kernel, checked against closed forms, and the Kokkos this program was
// compiled with against the one libqzone was compiled with. Exit code 0
// when all hold.
#include <cstdio>
#include <functional>
#include <string>

#include <Kokkos_Core.hpp>

#include <runtime/build_info.hpp>
#include <runtime/runtime_view.hpp>

int main(int argc, char** argv) {
    const qzone::RuntimeView runtime(argc, argv);
    const auto ranks = static_cast<long>(runtime.size());
    const auto rank = static_cast<long>(runtime.my_resource_set().mpi_rank());
    const bool sum_ok = runtime.reduce(rank, std::plus<>{}) == ranks * (ranks - 1) / 2;
    const bool gather_ok = runtime.gather(std::to_string(rank)).back() == std::to_string(ranks - 1);
    long kernel_sum = 0; // sum of 0..99 = 4950
    Kokkos::parallel_reduce(
        "consumer::sum", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, 100),
        [](const long i, long& sum) { sum += i; }, kernel_sum);
    const std::string kokkos = std::to_string(KOKKOS_VERSION / 10000) + "." +
                               std::to_string(KOKKOS_VERSION / 100 % 100) + "." + std::to_string(KOKKOS_VERSION % 100);
    const bool kokkos_ok = kokkos == qzone::build_info().kokkos_version && kernel_sum == 4950;
    const std::string kokkos_verdict =
        kokkos_ok ? "ok" : "WRONG (libqzone has Kokkos " + qzone::build_info().kokkos_version + ")";
    if (rank == 0)
        std::printf("consumer: %ld ranks, sum %s, gather %s, kokkos %s (%s) %s\n", ranks, sum_ok ? "ok" : "WRONG",
                    gather_ok ? "ok" : "WRONG", kokkos.c_str(), Kokkos::DefaultHostExecutionSpace::name(),
                    kokkos_verdict.c_str());
    return sum_ok && gather_ok && kokkos_ok ? 0 : 1;
}
