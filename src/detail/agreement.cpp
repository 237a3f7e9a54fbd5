#include "agreement.hpp"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include <runtime/detail/collectives.hpp>
#include <runtime/errors.hpp>

namespace qzone::detail {

void agree(MPI_Comm comm, bool ok, const std::string& what, ErrorKind kind) {
    if (all_reduce(comm, ok, std::logical_and<>{})) return;

    // Somebody failed: everybody learns who and why, and builds the same message.
    const std::vector<std::pair<bool, std::string>> reports = all_gather(comm, std::make_pair(ok, what));
    std::vector<std::pair<std::string, std::vector<std::size_t>>> reasons; // first-seen order
    std::vector<std::size_t> failed_ranks;
    for (std::size_t rank = 0; rank < reports.size(); ++rank) {
        if (reports[rank].first) continue;
        failed_ranks.push_back(rank);
        auto same = std::find_if(reasons.begin(), reasons.end(),
                                 [&](const auto& reason) { return reason.first == reports[rank].second; });
        if (same == reasons.end()) reasons.push_back({reports[rank].second, {rank}});
        else same->second.push_back(rank);
    }

    std::string message;
    for (const auto& [reason, ranks] : reasons) {
        if (!message.empty()) message += "; ";
        message += ranks.size() == 1 ? "rank " : "ranks ";
        for (std::size_t i = 0; i < ranks.size(); ++i) message += (i ? "," : "") + std::to_string(ranks[i]);
        message += ": " + (reason.empty() ? std::string("(no reason given)") : reason);
    }
    throw AgreementError(message, std::move(failed_ranks), kind);
}

std::string first_error(MPI_Comm comm, const std::string& error) {
    if (all_reduce(comm, error.empty(), std::logical_and<>{})) return "";
    for (std::string& reported : all_gather(comm, error))
        if (!reported.empty()) return reported;
    return "";
}

void raise_together(MPI_Comm comm, const std::exception_ptr& failure) {
    // One character for the kind, then the message; "" when this rank is fine.
    std::string report;
    if (failure) try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            const auto [kind, message] = describe(e);
            report = static_cast<char>('0' + static_cast<int>(kind)) + message;
        } catch (...) {
            report = static_cast<char>('0' + static_cast<int>(ErrorKind::internal)) + std::string("unknown exception");
        }
    const std::string first = first_error(comm, report);
    if (first.empty()) return;
    throw_error(static_cast<ErrorKind>(first[0] - '0'), first.substr(1));
}

} // namespace qzone::detail
