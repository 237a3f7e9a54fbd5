#include <runtime/errors.hpp>

#include <new>

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

const char* to_string(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::input: return "input";
    case ErrorKind::resource: return "resource";
    case ErrorKind::io: return "io";
    case ErrorKind::mpi: return "mpi";
    case ErrorKind::internal: return "internal";
    case ErrorKind::interrupted: return "interrupted";
    }
    return "internal";
}

MpiError::MpiError(std::string call, int code)
    : Error(describe_mpi_error(call, code), ErrorKind::mpi), call_(std::move(call)), code_(code) {}

AgreementError::AgreementError(const std::string& message, std::vector<std::size_t> failed_ranks, ErrorKind kind)
    : Error(message, kind), failed_ranks_(std::move(failed_ranks)) {}

void throw_error(ErrorKind kind, const std::string& message) {
    switch (kind) {
    case ErrorKind::input: throw InputError(message);
    case ErrorKind::resource: throw ResourceError(message);
    case ErrorKind::io: throw IoError(message);
    case ErrorKind::mpi: throw Error(message, ErrorKind::mpi);
    case ErrorKind::interrupted: throw Error(message, ErrorKind::interrupted);
    case ErrorKind::internal: break;
    }
    throw InternalError(message);
}

std::pair<ErrorKind, std::string> describe(const std::exception& error) {
    if (const auto* own = dynamic_cast<const Error*>(&error)) return {own->kind(), own->what()};
    if (dynamic_cast<const std::bad_alloc*>(&error)) return {ErrorKind::resource, "out of memory (std::bad_alloc)"};
    return {ErrorKind::internal, error.what()};
}

} // namespace qzone
