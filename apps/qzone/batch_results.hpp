#pragma once
// The results file of `qzone batch`, as a restart reads it: one JSON line per
// task, appended by the group leaders as tasks end.

#include <map>
#include <string>

#include <runtime/runtime_view.hpp>

namespace qzone::app {

/// The tasks already in the results at `output` (a missing file holds none),
/// and whether each completed. Read as a stream (any size). A kill -9 can
/// leave a line cut short anywhere: at the end, or in the middle when another
/// group appended after it (the whole line glued to the torn one). Torn lines
/// are dropped (their tasks run again), whole lines glued to them kept, and
/// the file is rewritten without them before anything is appended. By rank 0,
/// agreed. Collective.
/// @throw qzone::InputError (on every rank) if the file is not a regular file
///        or holds lines that are not qzone batch results (someone else's);
///        qzone::IoError if it cannot be read or rewritten.
std::map<std::string, bool> tasks_already_done(const RuntimeView& rt, const std::string& output);

} // namespace qzone::app
