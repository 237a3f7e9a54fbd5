#include "exchange_buffers.hpp"

#include <algorithm>
#include <climits>
#include <string>

#include <runtime/errors.hpp>

namespace qzone::transport {
namespace {

std::uint64_t piece_size(std::size_t bytes, std::uint64_t max_piece_amplitudes, std::size_t amplitude_bytes) {
    const std::uint64_t per_buffer = bytes / 4 / amplitude_bytes;
    if (per_buffer == 0)
        throw InputError("exchange buffer of " + std::to_string(bytes) +
                         " bytes is too small: it needs at least " + std::to_string(4 * amplitude_bytes) +
                         " bytes (two pieces of one amplitude each way)");
    // One piece must fit MPI's int count of bytes.
    const std::uint64_t mpi_limit = INT_MAX / amplitude_bytes;
    return std::min({per_buffer, std::max<std::uint64_t>(max_piece_amplitudes, 1), mpi_limit});
}

template<class View>
View allocate(const char* label, std::uint64_t bytes) {
    return View(Kokkos::ViewAllocateWithoutInitializing(label), bytes);
}

} // namespace

ExchangeBuffers::ExchangeBuffers(std::size_t bytes, std::uint64_t max_piece_amplitudes, std::size_t amplitude_bytes,
                                 bool stage_through_host)
    : piece_amplitudes_(piece_size(bytes, max_piece_amplitudes, amplitude_bytes)), amplitude_bytes_(amplitude_bytes) {
    const std::uint64_t piece_bytes = piece_amplitudes_ * amplitude_bytes;
    const auto device = [&](const char* label) { return allocate<bytes_type>(label, piece_bytes); };
    send_ = {device("qzone::exchange_send_0"), device("qzone::exchange_send_1")};
    receive_ = {device("qzone::exchange_receive_0"), device("qzone::exchange_receive_1")};
    if (stage_through_host) {
        const auto host = [&](const char* label) { return allocate<host_bytes_type>(label, piece_bytes); };
        staged_send_ = {host("qzone::staged_send_0"), host("qzone::staged_send_1")};
        staged_receive_ = {host("qzone::staged_receive_0"), host("qzone::staged_receive_1")};
    }
}

} // namespace qzone::transport
