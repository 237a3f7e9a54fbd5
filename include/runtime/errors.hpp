#pragma once
/// @file errors.hpp
/// The exceptions qzone throws. Every one derives from qzone::Error and says
/// what kind of failure it is, so a caller can catch all of qzone's failures
/// in one place and map them to a policy (the executable maps each kind to an
/// exit code, docs/errors.md).

#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace qzone {

/// What went wrong, coarsely: enough to decide what a user does next.
enum class ErrorKind {
    input,    ///< the request is wrong: options, circuit, observable, index, unusable checkpoint
    resource, ///< the request is right but does not fit: memory, devices, qubits inside chunks
    io,       ///< the file system failed: cannot create, write, sync or rename a file
    mpi,      ///< an MPI call failed
    internal,    ///< a broken invariant of qzone itself
    interrupted, ///< not a failure: a run stopped on request after writing a checkpoint
};

/// "input", "resource", "io", "mpi", "internal" or "interrupted".
const char* to_string(ErrorKind kind) noexcept;

/// Base class of every error qzone raises itself.
class Error : public std::runtime_error {
public:
    Error(const std::string& message, ErrorKind kind) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

/// A request qzone cannot accept; what() names the value and what is wrong.
class InputError : public Error {
public:
    explicit InputError(const std::string& message) : Error(message, ErrorKind::input) {}
};

/// A valid request that does not fit the ranks' memory or devices.
class ResourceError : public Error {
public:
    explicit ResourceError(const std::string& message) : Error(message, ErrorKind::resource) {}
};

/// A file-system operation failed; what() names the path and the reason.
class IoError : public Error {
public:
    explicit IoError(const std::string& message) : Error(message, ErrorKind::io) {}
};

/// An invariant of qzone itself does not hold (a bug: please report it).
class InternalError : public Error {
public:
    explicit InternalError(const std::string& message) : Error(message, ErrorKind::internal) {}
};

/// An MPI call returned something other than MPI_SUCCESS.
class MpiError : public Error {
public:
    /// @param call  name of the MPI function that failed, e.g. "MPI_Allgatherv".
    /// @param code  the MPI return code.
    MpiError(std::string call, int code);

    /// The MPI return code.
    int code() const noexcept { return code_; }
    /// Name of the MPI function that failed.
    const std::string& call() const noexcept { return call_; }

private:
    std::string call_;
    int code_;
};

/// Thrown on every rank together by RuntimeView::agree() when at least one
/// rank reported a failure. what() is identical on every rank.
class AgreementError : public Error {
public:
    AgreementError(const std::string& message, std::vector<std::size_t> failed_ranks,
                   ErrorKind kind = ErrorKind::input);

    /// Ranks (of the view's communicator) that reported the failure, ascending.
    const std::vector<std::size_t>& failed_ranks() const noexcept { return failed_ranks_; }

private:
    std::vector<std::size_t> failed_ranks_;
};

/// Throws the plain qzone::Error subclass of `kind` (InputError, ResourceError,
/// IoError, InternalError; a plain Error of the kind for mpi and interrupted).
[[noreturn]] void throw_error(ErrorKind kind, const std::string& message);

/// The kind and message of any exception: a qzone::Error's own, std::bad_alloc
/// as resource, anything else as internal.
std::pair<ErrorKind, std::string> describe(const std::exception& error);

} // namespace qzone
