#include <runtime/errors.hpp>

#include <mpi.h>

namespace qzone {
namespace {

std::string describe_mpi_error(const std::string& call, int code) {
    char text[MPI_MAX_ERROR_STRING] = {};
    int length = 0;
    std::string reason = MPI_Error_string(code, text, &length) == MPI_SUCCESS ? std::string(text, length)
                                                                                : "unknown MPI error";
    return call + " failed: " + reason + " (MPI error code " + std::to_string(code) + ")";
}

} // namespace

MpiError::MpiError(std::string call, int code)
    : Error(describe_mpi_error(call, code)), call_(std::move(call)), code_(code) {}

AgreementError::AgreementError(const std::string& message, std::vector<std::size_t> failed_ranks)
    : Error(message), failed_ranks_(std::move(failed_ranks)) {}

} // namespace qzone
