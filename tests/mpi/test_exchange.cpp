// The pieced, double-buffered exchange between two ranks, with MPI reading
// the buffers directly and through host staging (what a device state uses
// with an MPI that is not CUDA-aware): every amplitude arrives exactly, in
// its place, whether a piece was packed or sent straight from its source,
// in both precisions.

#include <cstdint>

#include <gtest/gtest.h>

#include "detail/exchange_buffers.hpp"

#include "test_world.hpp"

using qzone::testing::my_rank;
using qzone::testing::world;
using Buffers = qzone::detail::ExchangeBuffers;

namespace {

/// What rank r sends at position i: distinct for every rank and position
/// (exact in float too: below 2^24).
template<class Real>
Kokkos::complex<Real> sent_value(std::size_t rank, std::uint64_t i) {
    return {Real(rank) * 10000 + Real(i), -Real(i)};
}

template<class Real>
void exchange_with_partner(bool stage_through_host) {
    using Amplitude = Kokkos::complex<Real>;
    // Ranks pair up (0-1, 2-3); an odd rank out has no partner.
    const std::size_t partner = my_rank() ^ 1;
    if (partner >= world().size()) return;
    constexpr std::uint64_t count = 1000, piece = 7; // 143 pieces, the last one of 6
    Buffers buffers(4 * piece * sizeof(Amplitude), count, sizeof(Amplitude), stage_through_host);
    ASSERT_EQ(buffers.piece_amplitudes(), piece);
    ASSERT_EQ(buffers.stages_through_host(), stage_through_host);

    Kokkos::View<Amplitude*> source("source", count), arrived("arrived", count);
    const std::size_t rank = my_rank();
    Kokkos::parallel_for(count, KOKKOS_LAMBDA(const std::uint64_t i) { source(i) = sent_value<Real>(rank, i); });
    qzone::detail::exchange_in_pieces<Real>(
        world().mpi_comm(), static_cast<int>(partner), count, buffers,
        [&](std::uint64_t first, std::uint64_t n, const Buffers::view_type<Real>& send) -> const void* {
            if (first / piece % 2) return source.data() + first; // straight from the source
            Kokkos::deep_copy(Kokkos::subview(send, std::make_pair<std::uint64_t>(0, n)),
                              Kokkos::subview(source, std::make_pair(first, first + n)));
            return send.data();
        },
        [&](std::uint64_t first, std::uint64_t n, const Buffers::view_type<Real>& received) {
            Kokkos::deep_copy(Kokkos::subview(arrived, std::make_pair(first, first + n)),
                              Kokkos::subview(received, std::make_pair<std::uint64_t>(0, n)));
        });
    EXPECT_EQ(buffers.bytes_sent(), count * sizeof(Amplitude)); // counted per set of buffers, not per process
    const auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), arrived);
    for (std::uint64_t i = 0; i < count; ++i) {
        ASSERT_EQ(host(i).real(), sent_value<Real>(partner, i).real()) << "amplitude " << i;
        ASSERT_EQ(host(i).imag(), sent_value<Real>(partner, i).imag()) << "amplitude " << i;
    }
}

} // namespace

TEST(Exchange, EveryPieceArrivesInPlace) { exchange_with_partner<double>(false); }

TEST(Exchange, EveryPieceArrivesInPlaceThroughHostStaging) { exchange_with_partner<double>(true); }

TEST(Exchange, EverySinglePrecisionPieceArrivesInPlace) { exchange_with_partner<float>(false); }

TEST(Exchange, EverySinglePrecisionPieceArrivesInPlaceThroughHostStaging) { exchange_with_partner<float>(true); }
