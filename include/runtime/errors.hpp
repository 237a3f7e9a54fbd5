#pragma once
/// @file errors.hpp
/// The exceptions qzone throws. Every one derives from qzone::Error, so a
/// caller can catch all of qzone's failures in one place.

#include <stdexcept>
#include <string>
#include <vector>

namespace qzone {

/// Base class of every error qzone raises itself.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
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
    AgreementError(const std::string& message, std::vector<std::size_t> failed_ranks);

    /// Ranks (of the view's communicator) that reported the failure, ascending.
    const std::vector<std::size_t>& failed_ranks() const noexcept { return failed_ranks_; }

private:
    std::vector<std::size_t> failed_ranks_;
};

} // namespace qzone
