#pragma once
// Private: the node's memory as the kernel reports it.

#include <cstdint>
#include <istream>
#include <string>

namespace qzone::detail {

struct HostMemory {
    std::uint64_t total_bytes = 0;     ///< MemTotal
    std::uint64_t available_bytes = 0; ///< MemAvailable
};

/// Parses the text of /proc/meminfo ("MemTotal:  24562420 kB" lines).
/// @throw qzone::Error naming `source` if MemTotal or MemAvailable is missing or malformed.
HostMemory parse_meminfo(std::istream& text, const std::string& source);

/// Reads /proc/meminfo now. @throw qzone::Error if it cannot be read or parsed.
HostMemory read_host_memory();

} // namespace qzone::detail
