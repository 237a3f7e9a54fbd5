// Every transport (one test body, run against each
// implementation and both precisions, on 1-4 ranks): the pieced,
// double-buffered exchange between two ranks delivers every amplitude
// exactly, in its place, whether a piece was packed or sent straight from
// its source, and counts the bytes it sent; the gather to rank 0 puts every
// rank's bytes in rank order.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "detail/mpi_device_memory.hpp"
#include "test_world.hpp"
#include "transport/mpi_transport.hpp"
#include "transport/nccl_transport.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;
namespace transport = qzone::transport;

namespace {

/// Each implementation, as the test builds it: a piece of `piece`
/// amplitudes of `amplitude_bytes` bytes.
struct Implementation {
    std::string name;
    std::function<std::unique_ptr<transport::Transport>(std::uint64_t piece, std::size_t amplitude_bytes)> make;
};

/// Every implementation this build and this MPI can run: MPI straight on
/// device memory only with a CUDA-aware MPI, NCCL only in a build that has it
/// (on a GPU machine).
std::vector<Implementation> implementations() {
    constexpr bool host_memory =
        Kokkos::SpaceAccessibility<Kokkos::HostSpace, transport::PieceView<double>::memory_space>::accessible;
    std::vector<Implementation> all;
    if (host_memory || qzone::detail::mpi_accepts_cuda_memory())
        all.push_back({"mpi", [](std::uint64_t piece, std::size_t bytes) {
                           return transport::make_mpi_transport(world(), 4 * piece * bytes, piece, bytes, false, "mpi");
                       }});
    all.push_back({"mpi staged through host memory", [](std::uint64_t piece, std::size_t bytes) {
                       return transport::make_mpi_transport(world(), 4 * piece * bytes, piece, bytes, true,
                                                            "mpi (staged through host memory)");
                   }});
    all.push_back({"the one make_transport chooses", [](std::uint64_t piece, std::size_t bytes) {
                       return transport::make_transport(transport::transport_for(world()), world(), 4 * piece * bytes,
                                                        piece, bytes);
                   }});
    if (transport::nccl_usable(transport::transport_setting(world())))
        all.push_back({"nccl", [](std::uint64_t piece, std::size_t bytes) {
                           return transport::make_nccl_transport(world(), 4 * piece * bytes, piece, bytes);
                       }});
    return all;
}

/// What rank r sends at position i: distinct for every rank and position
/// (exact in float too: below 2^24).
template<class Real>
Kokkos::complex<Real> sent_value(std::size_t rank, std::uint64_t i) {
    return {Real(rank) * 10000 + Real(i), -Real(i)};
}

template<class Real>
void exchange_with_partner(transport::Transport& link, std::uint64_t piece) {
    using Amplitude = Kokkos::complex<Real>;
    // Ranks pair up (0-1, 2-3); an odd rank out has no partner.
    const std::size_t partner = my_rank() ^ 1;
    if (partner >= world().size()) return;
    constexpr std::uint64_t count = 1000; // 143 pieces of 7, the last one of 6
    Kokkos::View<Amplitude*> source("source", count), arrived("arrived", count);
    const std::size_t rank = my_rank();
    Kokkos::parallel_for(count, KOKKOS_LAMBDA(const std::uint64_t i) { source(i) = sent_value<Real>(rank, i); });
    const transport::OutgoingPiece<Real> outgoing = [&](std::uint64_t first, std::uint64_t n,
                                                        const transport::PieceView<Real>& send) -> const void* {
        if (first / piece % 2) return source.data() + first; // straight from the source
        Kokkos::deep_copy(Kokkos::subview(send, std::make_pair<std::uint64_t>(0, n)),
                          Kokkos::subview(source, std::make_pair(first, first + n)));
        return send.data();
    };
    const transport::ArrivedPiece<Real> into_place = [&](std::uint64_t first, std::uint64_t n,
                                                         const transport::PieceView<Real>& received) {
        Kokkos::deep_copy(Kokkos::subview(arrived, std::make_pair(first, first + n)),
                          Kokkos::subview(received, std::make_pair<std::uint64_t>(0, n)));
    };
    link.exchange(static_cast<int>(partner), count, outgoing, into_place);
    EXPECT_EQ(link.bytes_sent(), count * sizeof(Amplitude)); // counted per transport, not per process
    const auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), arrived);
    for (std::uint64_t i = 0; i < count; ++i) {
        ASSERT_EQ(host(i).real(), sent_value<Real>(partner, i).real()) << "amplitude " << i;
        ASSERT_EQ(host(i).imag(), sent_value<Real>(partner, i).imag()) << "amplitude " << i;
    }
}

template<class Real>
void every_transport_exchanges() {
    constexpr std::uint64_t piece = 7;
    for (const Implementation& implementation : implementations()) {
        SCOPED_TRACE(implementation.name);
        const auto link = implementation.make(piece, sizeof(Kokkos::complex<Real>));
        EXPECT_EQ(link->buffer_bytes(), 4 * piece * sizeof(Kokkos::complex<Real>));
        exchange_with_partner<Real>(*link, piece);
    }
}

} // namespace

TEST(Transport, EveryPieceArrivesInPlace) { every_transport_exchanges<double>(); }

TEST(Transport, EverySinglePrecisionPieceArrivesInPlace) { every_transport_exchanges<float>(); }

TEST(Transport, GatherToRootPutsEveryRanksBytesInRankOrder) {
    for (const Implementation& implementation : implementations()) {
        SCOPED_TRACE(implementation.name);
        const auto link = implementation.make(7, 16);
        // Rank r sends r + 1 numbers r*100, r*100 + 1, ...
        std::vector<double> mine(my_rank() + 1);
        for (std::size_t i = 0; i < mine.size(); ++i) mine[i] = double(my_rank() * 100 + i);
        std::vector<double> all;
        link->gather_to_root(mine.data(), mine.size() * sizeof(double), [&all](std::uint64_t bytes) {
            all.resize(bytes / sizeof(double));
            return static_cast<void*>(all.data());
        });
        if (my_rank() != 0) continue;
        std::vector<double> expected;
        for (std::size_t r = 0; r < world().size(); ++r)
            for (std::size_t i = 0; i <= r; ++i) expected.push_back(double(r * 100 + i));
        EXPECT_EQ(all, expected);
    }
}
