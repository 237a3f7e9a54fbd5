// Output that never replaces what is not a regular file, and input that is
// only ever a regular file of bounded size (files.hpp, by one process).

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <runtime/files.hpp>

namespace fs = std::filesystem;
using qzone::files::read_text_here;
using qzone::files::write_text_here;

namespace {

/// A fresh, empty folder for one test.
fs::path scratch(const std::string& name) {
    const fs::path dir = fs::path(::testing::TempDir()) / ("qzone-files-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string content(const fs::path& path) {
    std::ostringstream text;
    text << std::ifstream(path).rdbuf();
    return text.str();
}

/// The names in `dir`, so that a temporary file left behind shows.
std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

} // namespace

TEST(Files, ANewPathAndARegularFileAreWrittenWhole) {
    const fs::path dir = scratch("regular");
    write_text_here((dir / "a.json").string(), "first", "--output");
    EXPECT_EQ(content(dir / "a.json"), "first");
    fs::permissions(dir / "a.json", fs::perms(0640));
    write_text_here((dir / "a.json").string(), "second", "--output");
    EXPECT_EQ(content(dir / "a.json"), "second");
    EXPECT_EQ(fs::status(dir / "a.json").permissions(), fs::perms(0640)); // the replacement keeps the mode
    EXPECT_EQ(entries(dir), 1u);
}

TEST(Files, ASymbolicLinkIsFollowedAndKept) {
    const fs::path dir = scratch("link");
    fs::create_symlink("target.json", dir / "link.json");
    write_text_here((dir / "link.json").string(), "through the link", "--output");
    EXPECT_TRUE(fs::is_symlink(dir / "link.json"));
    EXPECT_EQ(content(dir / "target.json"), "through the link");
}

TEST(Files, AFifoIsWrittenInPlace) {
    const fs::path dir = scratch("fifo");
    const fs::path fifo = dir / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::string received;
    std::thread reader([&] { received = content(fifo); });
    write_text_here(fifo.string(), "into the pipe", "--output");
    reader.join();
    EXPECT_EQ(received, "into the pipe");
    EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST(Files, WhatCannotReceiveOutputIsAFailureToWrite) {
    // At write time (after check_output_path passed before the work), a path
    // gone bad is an I/O failure: exit code 5, not 2.
    const fs::path dir = scratch("refused");
    const auto message = [](const fs::path& path) {
        try {
            write_text_here(path.string(), "x", "--output");
        } catch (const qzone::IoError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    fs::create_directory(dir / "sub");
    EXPECT_EQ(message(dir / "sub"), "cannot write --output '" + (dir / "sub").string() + "': it is a directory");
    EXPECT_EQ(message(dir / "missing" / "a.json"), "cannot write --output '" + (dir / "missing" / "a.json").string() +
                                                      "': its folder '" + (dir / "missing").string() +
                                                      "' does not exist");
    EXPECT_EQ(message(""), "cannot write --output '': the path is empty");
    EXPECT_EQ(entries(dir), 1u); // nothing but "sub": no temporary file
}

TEST(Files, OnlyRegularFilesOfBoundedSizeAreRead) {
    const fs::path dir = scratch("read");
    std::ofstream(dir / "small.qasm") << "0123456789";
    EXPECT_EQ(read_text_here((dir / "small.qasm").string(), 10, "the circuit"), "0123456789");
    const auto message = [](const std::string& path, std::size_t limit) {
        try {
            read_text_here(path, limit, "the circuit");
        } catch (const qzone::InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(message((dir / "small.qasm").string(), 9),
              "cannot read the circuit '" + (dir / "small.qasm").string() + "': it holds more than 9 bytes");
    EXPECT_EQ(message(dir.string(), 100), "cannot read the circuit '" + dir.string() + "': it is a directory, not a file");
    EXPECT_EQ(message("/dev/zero", 100), "cannot read the circuit '/dev/zero': it is not a regular file");
    EXPECT_EQ(message((dir / "none").string(), 100),
              "cannot open the circuit '" + (dir / "none").string() + "': No such file or directory");
}
