// Logger: level parsing, root-only console, per-rank files.

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>
#include <runtime/logger.hpp>

using qzone::LogLevel;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace

TEST(LogLevel, ParsesEveryNameInAnyCase) {
    EXPECT_EQ(qzone::parse_log_level("trace"), LogLevel::trace);
    EXPECT_EQ(qzone::parse_log_level("DEBUG"), LogLevel::debug);
    EXPECT_EQ(qzone::parse_log_level("Info"), LogLevel::info);
    EXPECT_EQ(qzone::parse_log_level("warning"), LogLevel::warn);
    EXPECT_EQ(qzone::parse_log_level("error"), LogLevel::error);
    EXPECT_EQ(qzone::parse_log_level("critical"), LogLevel::critical);
    EXPECT_EQ(qzone::parse_log_level("off"), LogLevel::off);
    for (LogLevel level : {LogLevel::trace, LogLevel::warn, LogLevel::off})
        EXPECT_EQ(qzone::parse_log_level(qzone::to_string(level)), level);
}

TEST(LogLevel, RejectsOtherWordsNamingThem) {
    try {
        qzone::parse_log_level("verbose");
        FAIL() << "expected an error";
    } catch (const qzone::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("'verbose' is not a log level"), std::string::npos);
    }
}

TEST(Logger, OnlyTheConsoleRankPrints) {
    ::testing::internal::CaptureStderr();
    {
        qzone::Logger root(0);
        root.info("visible ", 42);
        qzone::Logger other(1);
        other.info("hidden");
        EXPECT_FALSE(other.should_log(LogLevel::error));
        other.set_print_on_all_ranks(true);
        other.warn("now visible");
    }
    const std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(printed.find("[rank 0] [info] visible 42"), std::string::npos) << printed;
    EXPECT_EQ(printed.find("hidden"), std::string::npos);
    EXPECT_NE(printed.find("[rank 1] [warning] now visible"), std::string::npos) << printed;
}

TEST(Logger, LevelFiltersMessages) {
    ::testing::internal::CaptureStderr();
    {
        qzone::Logger logger(0, 0, LogLevel::warn);
        logger.info("dropped");
        logger.error("kept");
        EXPECT_EQ(logger.level(), LogLevel::warn);
    }
    const std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(printed.find("dropped"), std::string::npos);
    EXPECT_NE(printed.find("kept"), std::string::npos);
}

TEST(Logger, EveryRankWritesItsOwnFile) {
    const std::string pattern = ::testing::TempDir() + "qzone-log-{rank}.txt";
    qzone::Logger other(3);
    const std::string path = other.log_to_file(pattern);
    EXPECT_EQ(path, ::testing::TempDir() + "qzone-log-3.txt");
    other.debug("below the level");
    other.info("from rank three");
    other.flush();
    const std::string text = read_file(path);
    EXPECT_NE(text.find("[rank 3] [info] from rank three"), std::string::npos) << text;
    EXPECT_EQ(text.find("below the level"), std::string::npos);
    std::remove(path.c_str());

    qzone::Logger plain(2);
    const std::string suffixed = plain.log_to_file(::testing::TempDir() + "qzone-plain.log");
    EXPECT_EQ(suffixed, ::testing::TempDir() + "qzone-plain.log.2");
    std::remove(suffixed.c_str());
}

TEST(Logger, UnwritableFileIsAnError) {
    // A directory cannot be made below a regular file, not even by root.
    const std::string regular_file = ::testing::TempDir() + "qzone-not-a-directory";
    std::ofstream(regular_file) << "x";
    qzone::Logger logger(0);
    EXPECT_THROW(logger.log_to_file(regular_file + "/qzone.log"), qzone::Error);
    std::remove(regular_file.c_str());
}
