// The pieced, double-buffered exchange between two ranks, with MPI reading
// the buffers directly and through host staging (what a device state uses
// with an MPI that is not CUDA-aware): every amplitude arrives exactly, in
// its place, whether a piece was packed or sent straight from its source.

#include <cstdint>

#include <gtest/gtest.h>

#include "detail/exchange_buffers.hpp"

#include "test_world.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;
using Amplitude = Kokkos::complex<double>;
using Buffers = qzone::detail::ExchangeBuffers;

namespace {

/// What rank r sends at position i: distinct for every rank and position.
Amplitude sent_value(std::size_t rank, std::uint64_t i) { return {double(rank) * 1e6 + double(i), -double(i)}; }

void exchange_with_partner(bool stage_through_host) {
    // Ranks pair up (0-1, 2-3); an odd rank out has no partner.
    const std::size_t partner = my_rank() ^ 1;
    if (partner >= world().size()) return;
    constexpr std::uint64_t count = 1000, piece = 7; // 143 pieces, the last one of 6
    Buffers buffers(4 * piece * sizeof(Amplitude), count, stage_through_host);
    ASSERT_EQ(buffers.piece_amplitudes(), piece);
    ASSERT_EQ(buffers.stages_through_host(), stage_through_host);

    Kokkos::View<Amplitude*> source("source", count), arrived("arrived", count);
    const std::size_t rank = my_rank();
    Kokkos::parallel_for(count, KOKKOS_LAMBDA(const std::uint64_t i) { source(i) = sent_value(rank, i); });
    qzone::detail::exchange_in_pieces(
        world().mpi_comm(), static_cast<int>(partner), count, buffers,
        [&](std::uint64_t first, std::uint64_t n, const Buffers::view_type& send) -> const void* {
            if (first / piece % 2) return source.data() + first; // straight from the source
            Kokkos::deep_copy(Kokkos::subview(send, std::make_pair<std::uint64_t>(0, n)),
                              Kokkos::subview(source, std::make_pair(first, first + n)));
            return send.data();
        },
        [&](std::uint64_t first, std::uint64_t n, const Buffers::view_type& received) {
            Kokkos::deep_copy(Kokkos::subview(arrived, std::make_pair(first, first + n)),
                              Kokkos::subview(received, std::make_pair<std::uint64_t>(0, n)));
        });
    EXPECT_EQ(buffers.bytes_sent(), count * sizeof(Amplitude)); // counted per set of buffers, not per process
    const auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), arrived);
    for (std::uint64_t i = 0; i < count; ++i) {
        ASSERT_EQ(host(i).real(), sent_value(partner, i).real()) << "amplitude " << i;
        ASSERT_EQ(host(i).imag(), sent_value(partner, i).imag()) << "amplitude " << i;
    }
}

} // namespace

TEST(Exchange, EveryPieceArrivesInPlace) { exchange_with_partner(false); }

TEST(Exchange, EveryPieceArrivesInPlaceThroughHostStaging) { exchange_with_partner(true); }
