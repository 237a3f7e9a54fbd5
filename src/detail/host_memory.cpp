#include "host_memory.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include <runtime/errors.hpp>

namespace qzone::detail {
namespace {

/// The value of a "Key:  N kB" line in bytes.
std::uint64_t kibibytes_to_bytes(const std::string& line, const std::string& source) {
    std::istringstream fields(line.substr(line.find(':') + 1));
    std::uint64_t value = 0;
    std::string unit;
    if (!(fields >> value >> unit) || unit != "kB")
        throw IoError(source + ": cannot read the size in '" + line + "'");
    return value * 1024;
}

} // namespace

HostMemory parse_meminfo(std::istream& text, const std::string& source) {
    std::optional<std::uint64_t> total, available;
    for (std::string line; std::getline(text, line);) {
        if (line.rfind("MemTotal:", 0) == 0) total = kibibytes_to_bytes(line, source);
        else if (line.rfind("MemAvailable:", 0) == 0) available = kibibytes_to_bytes(line, source);
    }
    if (!total) throw IoError(source + ": no MemTotal line");
    if (!available) throw IoError(source + ": no MemAvailable line");
    return HostMemory{*total, *available};
}

HostMemory read_host_memory() {
    const std::string path = "/proc/meminfo";
    std::ifstream file(path);
    if (!file) throw IoError("cannot open " + path + " to read the host memory size");
    return parse_meminfo(file, path);
}

} // namespace qzone::detail
