// Private (transport layer): chunk data between GPUs through NCCL, ordered
// with the kernels on the stream of Kokkos' default CUDA instance: a piece is
// packed, sent and received, and combined in stream order, so neither the
// buffers' reuse nor a piece sent straight from a chunk needs a host wait.

#include "nccl_transport.hpp"

#include <string>

#include <runtime/errors.hpp>

#if defined(QZONE_NCCL_TRANSPORT)
#include <algorithm>

#include <mpi.h>
#include <nccl.h>

#include "../detail/mpi_check.hpp"
#include "exchange_buffers.hpp"
#endif

namespace qzone::transport {

#if defined(QZONE_NCCL_TRANSPORT)

bool nccl_transport_built() noexcept { return true; }

namespace {

void check_nccl(ncclResult_t result, const char* call) {
    if (result != ncclSuccess) throw ResourceError(std::string(call) + " failed: " + ncclGetErrorString(result));
}

/// Rank 0's unique id on every rank, or every rank's error (no rank waits in
/// ncclCommInitRank for a root that failed).
ncclUniqueId shared_unique_id(const RuntimeView& runtime) {
    ncclUniqueId id{};
    ncclResult_t made = ncclSuccess;
    if (runtime.my_resource_set().mpi_rank() == 0) made = ncclGetUniqueId(&id);
    detail::check_mpi(MPI_Bcast(&made, sizeof(made), MPI_BYTE, 0, runtime.mpi_comm()), "MPI_Bcast (NCCL status)");
    check_nccl(made, "ncclGetUniqueId (rank 0)");
    detail::check_mpi(MPI_Bcast(&id, sizeof(id), MPI_BYTE, 0, runtime.mpi_comm()), "MPI_Bcast (NCCL id)");
    return id;
}

class NcclTransport final : public Transport {
public:
    NcclTransport(const RuntimeView& runtime, std::size_t buffer_bytes, std::uint64_t chunk_amplitudes,
                  std::size_t amplitude_bytes)
        : mpi_comm_(runtime.mpi_comm()), buffers_(buffer_bytes, chunk_amplitudes, amplitude_bytes, false),
          stream_(Kokkos::Cuda().cuda_stream()) {
        const ncclUniqueId id = shared_unique_id(runtime);
        check_nccl(ncclCommInitRank(&comm_, static_cast<int>(runtime.size()), id,
                                    static_cast<int>(runtime.my_resource_set().mpi_rank())),
                   "ncclCommInitRank");
    }
    NcclTransport(const NcclTransport&) = delete;
    NcclTransport& operator=(const NcclTransport&) = delete;
    ~NcclTransport() override { ncclCommDestroy(comm_); }

    void exchange(int partner, std::uint64_t count, const OutgoingPiece<float>& outgoing,
                  const ArrivedPiece<float>& arrived) override {
        exchange_in_pieces<float>(partner, count, outgoing, arrived);
    }
    void exchange(int partner, std::uint64_t count, const OutgoingPiece<double>& outgoing,
                  const ArrivedPiece<double>& arrived) override {
        exchange_in_pieces<double>(partner, count, outgoing, arrived);
    }
    /// Host data (measurement results): through MPI, as NCCL has no gatherv.
    void gather_to_root(const void* data, std::uint64_t bytes,
                        const std::function<void*(std::uint64_t)>& allocate) override {
        detail::gatherv_bytes(mpi_comm_, 0, data, bytes, allocate);
    }
    std::uint64_t bytes_sent() const noexcept override { return buffers_.bytes_sent(); }
    std::size_t buffer_bytes() const noexcept override { return buffers_.bytes(); }
    std::string name() const override { return "nccl"; }

private:
    template<class Real>
    void exchange_in_pieces(int partner, std::uint64_t count, const OutgoingPiece<Real>& outgoing,
                            const ArrivedPiece<Real>& arrived) {
        const std::uint64_t piece = buffers_.piece_amplitudes();
        for (std::uint64_t first = 0, index = 0; first < count; first += piece, ++index) {
            const int slot = static_cast<int>(index % 2);
            const std::uint64_t n = std::min(piece, count - first);
            const std::size_t bytes = n * sizeof(Kokkos::complex<Real>);
            const void* data = outgoing(first, n, buffers_.send<Real>(slot)); // packing is queued on stream_
            check_nccl(ncclGroupStart(), "ncclGroupStart");
            check_nccl(ncclSend(data, bytes, ncclUint8, partner, comm_, stream_), "ncclSend");
            check_nccl(ncclRecv(buffers_.receive<Real>(slot).data(), bytes, ncclUint8, partner, comm_, stream_),
                       "ncclRecv");
            check_nccl(ncclGroupEnd(), "ncclGroupEnd");
            buffers_.count_sent(bytes);
            arrived(first, n, buffers_.receive<Real>(slot)); // queued after the transfer
        }
        Kokkos::fence("qzone::nccl_exchange");
    }

    MPI_Comm mpi_comm_;
    ExchangeBuffers buffers_;
    cudaStream_t stream_;
    ncclComm_t comm_ = nullptr;
};

} // namespace

std::unique_ptr<Transport> make_nccl_transport(const RuntimeView& runtime, std::size_t buffer_bytes,
                                               std::uint64_t chunk_amplitudes, std::size_t amplitude_bytes) {
    return std::make_unique<NcclTransport>(runtime, buffer_bytes, chunk_amplitudes, amplitude_bytes);
}

#else

bool nccl_transport_built() noexcept { return false; }

std::unique_ptr<Transport> make_nccl_transport(const RuntimeView&, std::size_t, std::uint64_t, std::size_t) {
    throw InternalError("make_nccl_transport: this build has no NCCL transport (QZONE_ENABLE_CUDA with a Kokkos "
                        "built for CUDA)");
}

#endif

} // namespace qzone::transport
