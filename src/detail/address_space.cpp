#include "address_space.hpp"

#include <cerrno>
#include <cstring>

#include <sys/mman.h>
#include <sys/resource.h>

namespace qzone::detail {

std::string cannot_map(std::size_t bytes) {
    if (bytes == 0) return "";
    void* range = ::mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (range != MAP_FAILED) {
        ::munmap(range, bytes);
        return "";
    }
    std::string reason = std::strerror(errno);
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        reason += " (the process may map at most " + std::to_string(limit.rlim_cur >> 20) +
                  " MiB: ulimit -v)";
    return "cannot map " + std::to_string(bytes >> 20) + " MiB: " + reason;
}

} // namespace qzone::detail
