// The choice of transport (transport_choice.hpp): what QZONE_TRANSPORT
// accepts, and which transport each request gets on host memory, on GPUs
// of their own, on a shared GPU, with and without a CUDA-aware MPI.

#include <string>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>

#include "transport/transport_choice.hpp"

using namespace qzone::transport;

namespace {

/// Two ranks on one node: host memory, or GPUs `gpu0` and `gpu1`.
TransportSetting two_ranks(bool device_memory, int gpu0, int gpu1, bool cuda_aware = false) {
    TransportSetting setting;
    setting.device_memory = device_memory;
    setting.nccl_built = device_memory;
    setting.mpi_takes_device_memory = cuda_aware;
    setting.node_of_rank = {0, 0};
    setting.gpu_of_rank = device_memory ? std::vector<int>{gpu0, gpu1} : std::vector<int>{-1, -1};
    return setting;
}

} // namespace

TEST(TransportChoice, ReadsEveryNameAndRefusesOthers) {
    EXPECT_EQ(parse_transport_request(""), TransportRequest::automatic);
    EXPECT_EQ(parse_transport_request("auto"), TransportRequest::automatic);
    EXPECT_EQ(parse_transport_request("mpi"), TransportRequest::mpi);
    EXPECT_EQ(parse_transport_request("mpi-staged"), TransportRequest::mpi_staged);
    EXPECT_EQ(parse_transport_request("nccl"), TransportRequest::nccl);
    try {
        parse_transport_request("NCCL ");
        FAIL() << "accepted 'NCCL '";
    } catch (const qzone::InputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("QZONE_TRANSPORT"), std::string::npos) << message;
        EXPECT_NE(message.find("'NCCL '"), std::string::npos) << message;
        EXPECT_NE(message.find("mpi-staged"), std::string::npos) << message;
    }
}

TEST(TransportChoice, HostMemoryAlwaysUsesMpiDirectly) {
    const TransportSetting host = two_ranks(false, -1, -1);
    EXPECT_EQ(choose_transport(TransportRequest::automatic, host), TransportKind::mpi);
    EXPECT_EQ(choose_transport(TransportRequest::mpi, host), TransportKind::mpi);
    EXPECT_EQ(choose_transport(TransportRequest::mpi_staged, host), TransportKind::mpi); // nothing to stage
    EXPECT_EQ(transport_name(TransportKind::mpi, false), "mpi");
    EXPECT_THROW(choose_transport(TransportRequest::nccl, host), qzone::InputError);
}

TEST(TransportChoice, GpusOfTheirOwnGetNccl) {
    const TransportSetting own = two_ranks(true, 0, 1);
    EXPECT_TRUE(nccl_usable(own));
    EXPECT_EQ(choose_transport(TransportRequest::automatic, own), TransportKind::nccl);
    EXPECT_EQ(choose_transport(TransportRequest::nccl, own), TransportKind::nccl);
    EXPECT_EQ(choose_transport(TransportRequest::mpi, own), TransportKind::mpi_staged); // MPI not CUDA-aware
    EXPECT_EQ(choose_transport(TransportRequest::mpi, two_ranks(true, 0, 1, true)), TransportKind::mpi);
    EXPECT_EQ(transport_name(TransportKind::mpi, true), "mpi (CUDA-aware)");
    // The same device index on two nodes is two GPUs.
    TransportSetting two_nodes = two_ranks(true, 0, 0);
    two_nodes.node_of_rank = {0, 1};
    EXPECT_EQ(choose_transport(TransportRequest::automatic, two_nodes), TransportKind::nccl);
}

TEST(TransportChoice, ASharedGpuFallsBackToMpiAndRefusesNccl) {
    const TransportSetting shared = two_ranks(true, 0, 0);
    EXPECT_FALSE(nccl_usable(shared));
    EXPECT_EQ(choose_transport(TransportRequest::automatic, shared), TransportKind::mpi_staged);
    EXPECT_EQ(choose_transport(TransportRequest::automatic, two_ranks(true, 0, 0, true)), TransportKind::mpi);
    EXPECT_EQ(choose_transport(TransportRequest::mpi_staged, two_ranks(true, 0, 0, true)), TransportKind::mpi_staged);
    try {
        choose_transport(TransportRequest::nccl, shared);
        FAIL() << "NCCL accepted on a shared GPU";
    } catch (const qzone::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("ranks 0 and 1 share GPU 0"), std::string::npos) << e.what();
    }
}

TEST(TransportChoice, OneRankNeedsNoNccl) {
    TransportSetting one = two_ranks(true, 0, 1);
    one.node_of_rank = {0};
    one.gpu_of_rank = {0};
    EXPECT_EQ(choose_transport(TransportRequest::automatic, one), TransportKind::mpi_staged);
    EXPECT_EQ(choose_transport(TransportRequest::nccl, one), TransportKind::nccl);
}

TEST(TransportChoice, ABuildWithoutNcclSaysSo) {
    TransportSetting setting = two_ranks(true, 0, 1);
    setting.nccl_built = false;
    EXPECT_EQ(choose_transport(TransportRequest::automatic, setting), TransportKind::mpi_staged);
    try {
        choose_transport(TransportRequest::nccl, setting);
        FAIL() << "NCCL accepted in a build without it";
    } catch (const qzone::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no NCCL transport"), std::string::npos) << e.what();
    }
}
