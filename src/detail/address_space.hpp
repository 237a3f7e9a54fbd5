#pragma once
// Private: whether this process may map a given number of bytes, asked
// without touching memory and without any other rank.

#include <cstddef>
#include <string>

namespace qzone::detail {

/// Why this process cannot map `bytes` more of address space (a `ulimit -v`,
/// as batch systems set it, or an exhausted address space), or "" if it
/// can. Reserves and releases the range at once: nothing is committed.
/// Not collective: for checks that all ranks then agree on before a
/// collective allocation that a failing rank would never finish.
std::string cannot_map(std::size_t bytes);

} // namespace qzone::detail
