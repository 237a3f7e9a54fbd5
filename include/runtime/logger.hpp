#pragma once
/// @file logger.hpp
/// The runtime's logger: by default rank 0 prints to stderr and the other
/// ranks are silent; every rank can also write its own log file.
///
/// Environment (read when the RuntimeView is built):
///  - QZONE_LOG_LEVEL: trace, debug, info (default), warn, error, critical, off;
///  - QZONE_LOG_FILE: a per-rank log file; "{rank}" in the value is replaced
///    by the rank, otherwise ".<rank>" is appended.

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <runtime/errors.hpp>

namespace qzone {

/// Severity of a log message, lowest first. `off` silences everything.
enum class LogLevel { trace, debug, info, warn, error, critical, off };

/// Parses "trace", "debug", "info", "warn" (or "warning"), "error",
/// "critical" or "off", in any letter case.
/// @throw qzone::InputError naming the value and the accepted ones.
LogLevel parse_log_level(std::string_view text);

/// Name of a level as parse_log_level() accepts it.
std::string_view to_string(LogLevel level) noexcept;

/// A rank-aware logger on spdlog. Owned by a RuntimeView (all copies of a
/// view share one); messages are built by streaming the arguments:
/// `rt.logger().info("rank ", r, " holds ", n, " chunks")`.
class Logger {
public:
    /// A logger for `rank` that prints to stderr when `rank == console_rank`.
    /// Level and file come from the arguments, not the environment.
    Logger(std::size_t rank, std::size_t console_rank = 0, LogLevel level = LogLevel::info);
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;
    ~Logger() noexcept;

    /// Messages below `level` are dropped everywhere (console and file).
    void set_level(LogLevel level);
    LogLevel level() const noexcept;

    /// Also prints on the console of every rank (true) or of the console rank only (false).
    void set_print_on_all_ranks(bool all_ranks);

    /// Writes this rank's messages to a file as well, truncating it. "{rank}"
    /// in `pattern` is replaced by the rank; without it, ".<rank>" is appended.
    /// @return the path actually opened.
    /// @throw qzone::Error if the file cannot be opened.
    std::string log_to_file(const std::string& pattern);

    /// Applies QZONE_LOG_LEVEL and QZONE_LOG_FILE when they are set (and not
    /// empty). RuntimeView calls it once when it is built.
    /// @throw qzone::InputError naming the variable if the level is not
    ///        one; qzone::Error if the file cannot be opened.
    void configure_from_environment();

    /// Writes pending messages out.
    void flush();

    /// Logs one message at `level`.
    void log(LogLevel level, const std::string& message);

    /// Whether a message at `level` would be written anywhere.
    bool should_log(LogLevel level) const noexcept;

    template<typename... Args> void trace(const Args&... args) { log_parts(LogLevel::trace, args...); }
    template<typename... Args> void debug(const Args&... args) { log_parts(LogLevel::debug, args...); }
    template<typename... Args> void info(const Args&... args) { log_parts(LogLevel::info, args...); }
    template<typename... Args> void warn(const Args&... args) { log_parts(LogLevel::warn, args...); }
    template<typename... Args> void error(const Args&... args) { log_parts(LogLevel::error, args...); }
    template<typename... Args> void critical(const Args&... args) { log_parts(LogLevel::critical, args...); }

private:
    template<typename... Args>
    void log_parts(LogLevel level, const Args&... args) {
        if (!should_log(level)) return;
        std::ostringstream message;
        (message << ... << args);
        log(level, message.str());
    }

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace qzone
