// Parsing of /proc/meminfo text.

#include <sstream>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>

#include "detail/host_memory.hpp"

using qzone::detail::parse_meminfo;

TEST(HostMemory, ReadsTotalAndAvailableInBytes) {
    std::istringstream text("MemTotal:       24562420 kB\nMemFree:        1000 kB\nMemAvailable:   20000000 kB\n");
    const auto memory = parse_meminfo(text, "test");
    EXPECT_EQ(memory.total_bytes, 24562420ull * 1024);
    EXPECT_EQ(memory.available_bytes, 20000000ull * 1024);
}

TEST(HostMemory, MissingOrMalformedLinesNameTheProblem) {
    std::istringstream no_available("MemTotal: 10 kB\n");
    try {
        parse_meminfo(no_available, "/fake/meminfo");
        FAIL() << "expected an error";
    } catch (const qzone::Error& e) {
        EXPECT_STREQ(e.what(), "/fake/meminfo: no MemAvailable line");
    }
    std::istringstream bad_unit("MemTotal: 10 MB\nMemAvailable: 5 kB\n");
    EXPECT_THROW(parse_meminfo(bad_unit, "x"), qzone::Error);
}

TEST(HostMemory, ReadsTheRealFile) {
    const auto memory = qzone::detail::read_host_memory();
    EXPECT_GT(memory.total_bytes, 0u);
    EXPECT_LE(memory.available_bytes, memory.total_bytes);
}
