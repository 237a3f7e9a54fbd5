#pragma once
// `qzone run`: read, check, simulate, write the result.

#include <runtime/runtime_view.hpp>

#include "command_line.hpp"

namespace qzone::app {

/// Runs the command on every rank. Output paths are checked before the
/// circuit is read; the result is written by rank 0. Collective.
/// @throw qzone::Error (on every rank together) for any failure; its kind
///        decides the exit code.
void run(const RuntimeView& rt, const RunCommand& command);

} // namespace qzone::app
