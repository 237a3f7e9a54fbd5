#pragma once
/// @file files.hpp
/// File-system work shared by all ranks of a view: one rank (rank 0) touches
/// the file system and every rank learns the outcome, so a failure stops all
/// ranks together with one message instead of leaving some waiting in a
/// collective. Output never replaces what is not a regular file.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <runtime/runtime_view.hpp>

namespace qzone::files {

/// Checks, before any work is done, that `path` can receive output, and
/// throws otherwise: the path is not empty; if it exists (after following
/// symbolic links) it is a regular file, a character device or a FIFO that
/// this process may write; if it does not, its folder exists and is
/// writable. `option` names the path in messages, e.g. "--output". "-"
/// (standard output) always passes. Collective.
/// @throw qzone::InputError (on every rank) naming the option, path and problem.
void check_output_path(const RuntimeView& runtime, const std::string& path, const std::string& option);

/// A path a command reads or writes, and the option that names it.
struct PathUse {
    std::string path;
    std::string option; ///< e.g. "--output", "the circuit"
    bool written = false;
};

/// Checks, before any work is done, that no file a command writes is also
/// read or written under another of its options: two paths name one file when
/// they reach the same device and inode (symbolic links followed, "a.json"
/// and "./a.json" alike), or the same missing name in the same folder.
/// Devices and FIFOs never collide (writing one twice loses nothing); "-"
/// (standard input or output) and empty paths are skipped. Collective.
/// @throw qzone::InputError (on every rank) naming both options and paths.
void check_distinct(const RuntimeView& runtime, const std::vector<PathUse>& paths);

/// Rank 0 writes `text` to `path`: a new path or a regular file is written to
/// a temporary file in the same folder, synced and renamed into place, so
/// readers see the old content or the new, never half; a symbolic link is
/// followed and its target replaced; a character device or FIFO is written in
/// place. Anything else is refused. No temporary file survives a failure.
/// Collective. `option` names the path in messages.
/// @throw qzone::IoError (on every rank) naming the path and the reason
///        (e.g. "No space left on device", or a path that cannot receive
///        output: check it with check_output_path before the work).
void write_text(const RuntimeView& runtime, const std::string& path, const std::string& text,
                const std::string& option);

/// The same as write_text, by the calling process alone (not collective).
/// @throw as write_text, on this process only.
void write_text_here(const std::string& path, const std::string& text, const std::string& option);

/// Receives the pieces of a file's new content, in order.
using ChunkWriter = std::function<void(const std::string& chunk)>;

/// As write_text, for content made piece by piece: `produce` passes each
/// piece to its writer as it makes it, so the content never has to be in
/// memory whole. Collective; only rank 0 calls `produce`.
/// @throw as write_text; whatever `produce` throws (a file it was
///        replacing then stays as it was).
void write_streamed(const RuntimeView& runtime, const std::string& path,
                    const std::function<void(const ChunkWriter&)>& produce, const std::string& option);

/// The same as write_streamed, by the calling process alone (not collective).
/// @throw as write_streamed, on this process only.
void write_streamed_here(const std::string& path, const std::function<void(const ChunkWriter&)>& produce,
                         const std::string& option);

/// Appends `text` to the file at `path` (created if missing) in one write,
/// by the calling process alone: appends of several processes to one file on
/// a local file system do not interleave, and what is written survives the
/// process being killed. With `sync`, the file is also synced to disk (it
/// then survives the machine failing). Not collective.
/// @throw qzone::IoError naming the path and the reason.
void append_text_here(const std::string& path, const std::string& text, bool sync);

/// Rank 0 reads the whole regular file `path` ("-": standard input) and
/// every rank returns its content. Collective. `option` names the path in
/// messages.
/// @throw qzone::InputError (on every rank) if the path does not exist, is not
///        a regular file (a directory, a device), cannot be read, or holds more
///        than `max_bytes`.
std::string read_text(const RuntimeView& runtime, const std::string& path, std::size_t max_bytes,
                      const std::string& option);

/// The same as read_text, by the calling process alone (not collective).
/// @throw as read_text, on this process only.
std::string read_text_here(const std::string& path, std::size_t max_bytes, const std::string& option);

/// Rank 0 creates `path` and its missing parents; every rank returns once it
/// exists as a writable folder. Collective.
/// @throw qzone::IoError (on every rank) naming the part of the path that is
///        in the way (e.g. a regular file) or the reason.
void create_directories(const RuntimeView& runtime, const std::string& path, const std::string& option);

/// Rank 0 renames `from` to `to` and syncs the folder, so the new name
/// survives a crash. Collective.
/// @throw qzone::IoError (on every rank) naming both paths and the reason.
void rename(const RuntimeView& runtime, const std::string& from, const std::string& to);

/// Rank 0 removes `path` if it exists. Collective.
/// @throw qzone::IoError (on every rank) naming the path and the reason.
void remove(const RuntimeView& runtime, const std::string& path);

} // namespace qzone::files
