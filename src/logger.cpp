#include <runtime/logger.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <runtime/errors.hpp>

namespace qzone {
namespace {

constexpr std::string_view level_names[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};

spdlog::level::level_enum to_spdlog(LogLevel level) {
    switch (level) {
    case LogLevel::trace: return spdlog::level::trace;
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warn: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
    case LogLevel::critical: return spdlog::level::critical;
    case LogLevel::off: break;
    }
    return spdlog::level::off;
}

std::string file_for_rank(const std::string& pattern, std::size_t rank) {
    const std::string placeholder = "{rank}";
    std::string path = pattern;
    const auto at = path.find(placeholder);
    if (at == std::string::npos) return path + "." + std::to_string(rank);
    return path.replace(at, placeholder.size(), std::to_string(rank));
}

} // namespace

LogLevel parse_log_level(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "warning") lower = "warn";
    for (std::size_t i = 0; i < std::size(level_names); ++i)
        if (lower == level_names[i]) return static_cast<LogLevel>(i);
    throw InputError("'" + std::string(text) +
                     "' is not a log level; use trace, debug, info, warn, error, critical or off");
}

std::string_view to_string(LogLevel level) noexcept { return level_names[static_cast<std::size_t>(level)]; }

struct Logger::Impl {
    Impl(std::size_t rank, std::size_t console_rank, LogLevel level)
        : rank(rank), console_rank(console_rank), level(level) {}

    std::size_t rank;
    std::size_t console_rank;
    bool print_on_all_ranks = false;
    LogLevel level;
    std::shared_ptr<spdlog::sinks::sink> console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    std::shared_ptr<spdlog::sinks::sink> file;
    spdlog::logger logger{"qzone"};

    /// Rebuilds the sink list after a change of console policy or file.
    void attach_sinks() {
        auto& sinks = logger.sinks();
        sinks.clear();
        if (print_on_all_ranks || rank == console_rank) sinks.push_back(console);
        if (file) sinks.push_back(file);
        logger.set_pattern("[%Y-%m-%d %H:%M:%S.%e] [qzone] [rank " + std::to_string(rank) + "] [%^%l%$] %v");
    }
};

Logger::Logger(std::size_t rank, std::size_t console_rank, LogLevel level)
    : impl_(std::make_unique<Impl>(rank, console_rank, level)) {
    impl_->logger.set_level(to_spdlog(level));
    impl_->logger.flush_on(spdlog::level::warn);
    impl_->attach_sinks();
}

Logger::~Logger() noexcept {
    try {
        impl_->logger.flush();
    } catch (...) {
        // Nothing sensible to do about a failed flush at teardown.
    }
}

void Logger::set_level(LogLevel level) {
    impl_->level = level;
    impl_->logger.set_level(to_spdlog(level));
}

LogLevel Logger::level() const noexcept { return impl_->level; }

void Logger::set_print_on_all_ranks(bool all_ranks) {
    impl_->print_on_all_ranks = all_ranks;
    impl_->attach_sinks();
}

std::string Logger::log_to_file(const std::string& pattern) {
    const std::string path = file_for_rank(pattern, impl_->rank);
    try {
        impl_->file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    } catch (const spdlog::spdlog_ex& e) {
        throw IoError("cannot open log file '" + path + "': " + e.what());
    }
    impl_->attach_sinks();
    return path;
}

void Logger::configure_from_environment() {
    if (const char* level = std::getenv("QZONE_LOG_LEVEL"); level != nullptr && *level != '\0') {
        try {
            set_level(parse_log_level(level));
        } catch (const InputError& e) {
            throw InputError(std::string("QZONE_LOG_LEVEL: ") + e.what());
        }
    }
    if (const char* file = std::getenv("QZONE_LOG_FILE"); file != nullptr && *file != '\0') log_to_file(file);
}

void Logger::flush() { impl_->logger.flush(); }

bool Logger::should_log(LogLevel level) const noexcept {
    return level != LogLevel::off && impl_->logger.should_log(to_spdlog(level)) && !impl_->logger.sinks().empty();
}

void Logger::log(LogLevel level, const std::string& message) {
    if (level == LogLevel::off) return;
    impl_->logger.log(to_spdlog(level), message);
}

} // namespace qzone
