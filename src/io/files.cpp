#include <runtime/files.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <runtime/errors.hpp>

namespace qzone::files {
namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& option, const std::string& path) {
    return option.empty() ? "'" + path + "'" : option + " '" + path + "'";
}

std::string reason() { return std::strerror(errno); }

/// The path a write lands on: symbolic links followed (a dangling link gives
/// the path it points to).
fs::path follow_links(const fs::path& path) {
    fs::path target = path;
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code error;
        if (!fs::is_symlink(fs::symlink_status(target, error))) return target;
        const fs::path next = fs::read_symlink(target, error);
        if (error) return target;
        target = next.is_absolute() ? next : target.parent_path() / next;
    }
    return target; // a loop: the open below reports it
}

fs::path folder_of(const fs::path& path) { return path.has_parent_path() ? path.parent_path() : fs::path("."); }

/// Why `path` cannot receive output, or "" if it can.
std::string output_problem(const std::string& path) {
    if (path.empty()) return "the path is empty";
    const fs::path target = follow_links(path);
    struct stat status {};
    if (::stat(target.c_str(), &status) == 0) {
        if (S_ISDIR(status.st_mode)) return "it is a directory";
        if (!S_ISREG(status.st_mode) && !S_ISCHR(status.st_mode) && !S_ISFIFO(status.st_mode))
            return "it is neither a regular file, a character device nor a FIFO";
        if (::access(target.c_str(), W_OK) != 0) return "it is not writable (" + reason() + ")";
        if (S_ISREG(status.st_mode) && ::access(folder_of(target).c_str(), W_OK | X_OK) != 0)
            return "its folder '" + folder_of(target).string() + "' is not writable (" + reason() + ")";
        return "";
    }
    if (errno != ENOENT) return reason();
    const fs::path folder = folder_of(target);
    if (::stat(folder.c_str(), &status) != 0) return "its folder '" + folder.string() + "' does not exist";
    if (!S_ISDIR(status.st_mode)) return "'" + folder.string() + "' is not a folder";
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        return "its folder '" + folder.string() + "' is not writable (" + reason() + ")";
    return "";
}

/// Writes all of `text` to the open descriptor, then syncs it if `sync`.
/// Returns "" or the reason of the failure.
std::string write_all(int descriptor, const std::string& text, bool sync) {
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(descriptor, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? reason() : "the write made no progress";
        done += static_cast<std::size_t>(n);
    }
    if (sync && ::fsync(descriptor) != 0) return reason();
    return "";
}

/// The mode a replacement of `target` gets: the old file's, or what a plain
/// open would give a new file (mkstemp's own is 0600).
mode_t mode_for(const fs::path& target) {
    struct stat status {};
    if (::stat(target.c_str(), &status) == 0) return status.st_mode & 07777;
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

/// Syncs a folder, so that a rename in it survives a crash.
void sync_folder(const fs::path& folder) {
    const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (descriptor < 0) return; // best effort: some file systems refuse to open folders
    ::fsync(descriptor);
    ::close(descriptor);
}

/// @throw qzone::InputError unless `path` can receive output.
void require_output_path(const std::string& path, const std::string& option) {
    if (const std::string problem = output_problem(path); !problem.empty())
        throw InputError(quoted(option, path) + " cannot receive the output: " + problem);
}

/// What a path names, for check_distinct: the device and inode it reaches,
/// or, when nothing is there yet, its folder's and its file name.
struct FileIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    std::string missing_name; ///< "" when the path exists
    bool operator==(const FileIdentity& other) const {
        return device == other.device && inode == other.inode && missing_name == other.missing_name;
    }
};

/// The identity of `path`, or nothing if it cannot collide (a device, a
/// FIFO, a path whose folder is missing: the output checks report those).
std::optional<FileIdentity> identity_of(const std::string& path) {
    const fs::path target = follow_links(path);
    struct stat status {};
    if (::stat(target.c_str(), &status) == 0) {
        if (!S_ISREG(status.st_mode) && !S_ISDIR(status.st_mode)) return std::nullopt;
        return FileIdentity{status.st_dev, status.st_ino, ""};
    }
    if (::stat(folder_of(target).c_str(), &status) != 0) return std::nullopt;
    return FileIdentity{status.st_dev, status.st_ino, target.filename().string()};
}

} // namespace

void check_distinct(const RuntimeView& runtime, const std::vector<PathUse>& paths) {
    runtime.on_root([&] {
        std::vector<std::optional<FileIdentity>> identities;
        for (const PathUse& use : paths)
            identities.push_back(use.path.empty() || use.path == "-" ? std::optional<FileIdentity>() : identity_of(use.path));
        for (std::size_t i = 0; i < paths.size(); ++i)
            for (std::size_t j = i + 1; j < paths.size(); ++j)
                if ((paths[i].written || paths[j].written) && identities[i] && identities[i] == identities[j])
                    throw InputError(quoted(paths[i].option, paths[i].path) + " and " +
                                     quoted(paths[j].option, paths[j].path) + " name the same file, so " +
                                     (paths[i].written && paths[j].written
                                          ? "one output would replace the other; give each its own path"
                                          : "the output would replace what is read; give the output another path"));
    });
}

void check_output_path(const RuntimeView& runtime, const std::string& path, const std::string& option) {
    if (path == "-") return;
    runtime.on_root([&] { require_output_path(path, option); });
}

void write_text_here(const std::string& path, const std::string& text, const std::string& option) {
    write_streamed_here(path, [&](const ChunkWriter& write) { write(text); }, option);
}

void write_streamed_here(const std::string& path, const std::function<void(const ChunkWriter&)>& produce,
                         const std::string& option) {
    // Checked before the work (check_output_path); a path gone bad since
    // (its folder removed) is a failure to write.
    if (const std::string problem = output_problem(path); !problem.empty())
        throw IoError("cannot write " + quoted(option, path) + ": " + problem);
    const fs::path target = follow_links(path);
    struct stat status {};
    const bool in_place = ::stat(target.c_str(), &status) == 0 && !S_ISREG(status.st_mode);
    // A device or FIFO is written in place, never replaced; anything else
    // goes to a temporary file in the same folder, renamed into place.
    const fs::path folder = folder_of(target);
    std::string temporary = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
    const int descriptor =
        in_place ? ::open(target.c_str(), O_WRONLY | O_CLOEXEC) : ::mkstemp(temporary.data());
    if (descriptor < 0)
        throw IoError(in_place ? "cannot open " + quoted(option, path) + ": " + reason()
                               : "cannot create a temporary file in '" + folder.string() + "': " + reason());
    std::string problem;
    try {
        produce([&](const std::string& chunk) {
            if (problem.empty()) problem = write_all(descriptor, chunk, false);
        });
    } catch (...) {
        ::close(descriptor);
        if (!in_place) ::unlink(temporary.c_str());
        throw;
    }
    if (!in_place) {
        if (problem.empty() && ::fsync(descriptor) != 0) problem = reason();
        if (problem.empty() && ::fchmod(descriptor, mode_for(target)) != 0) problem = reason();
    }
    if (::close(descriptor) != 0 && problem.empty()) problem = reason();
    if (!in_place && problem.empty() && ::rename(temporary.c_str(), target.c_str()) != 0) problem = reason();
    if (!problem.empty()) {
        if (!in_place) ::unlink(temporary.c_str());
        throw IoError("cannot write " + quoted(option, path) + ": " + problem);
    }
    if (!in_place) sync_folder(folder);
}

void append_text_here(const std::string& path, const std::string& text, bool sync) {
    const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (descriptor < 0) throw IoError("cannot open '" + path + "' to append: " + reason());
    std::string problem = write_all(descriptor, text, sync);
    if (::close(descriptor) != 0 && problem.empty()) problem = reason();
    if (!problem.empty()) throw IoError("cannot append to '" + path + "': " + problem);
}

void write_text(const RuntimeView& runtime, const std::string& path, const std::string& text,
                const std::string& option) {
    runtime.on_root([&] { write_text_here(path, text, option); });
}

void write_streamed(const RuntimeView& runtime, const std::string& path,
                    const std::function<void(const ChunkWriter&)>& produce, const std::string& option) {
    runtime.on_root([&] { write_streamed_here(path, produce, option); });
}

std::string read_text_here(const std::string& path, std::size_t max_bytes, const std::string& option) {
    const std::string too_big = "it holds more than " + std::to_string(max_bytes) + " bytes";
    std::string text;
    if (path == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        if (text.size() > max_bytes) throw InputError("cannot read standard input: " + too_big);
        return text;
    }
    // Non-blocking, so that opening a FIFO does not wait for a writer (it is refused below).
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (descriptor < 0) throw InputError("cannot open " + quoted(option, path) + ": " + reason());
    struct stat status {};
    std::string problem;
    if (::fstat(descriptor, &status) != 0) problem = reason();
    else if (S_ISDIR(status.st_mode)) problem = "it is a directory, not a file";
    else if (!S_ISREG(status.st_mode)) problem = "it is not a regular file";
    else if (static_cast<std::size_t>(status.st_size) > max_bytes) problem = too_big;
    if (problem.empty()) text.reserve(static_cast<std::size_t>(status.st_size));
    for (char buffer[1 << 16]; problem.empty();) {
        const ssize_t n = ::read(descriptor, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) problem = reason();
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > max_bytes) problem = too_big; // it grew while being read
    }
    ::close(descriptor);
    if (!problem.empty()) throw InputError("cannot read " + quoted(option, path) + ": " + problem);
    return text;
}

std::string read_text(const RuntimeView& runtime, const std::string& path, std::size_t max_bytes,
                      const std::string& option) {
    std::string text;
    runtime.on_root([&] { text = read_text_here(path, max_bytes, option); });
    return runtime.at(0).ram().broadcast(text);
}

void create_directories(const RuntimeView& runtime, const std::string& path, const std::string& option) {
    runtime.on_root([&] {
        if (path.empty()) throw InputError(quoted(option, path) + ": the path is empty");
        // Walk down the path, so the message names the part that is in the way.
        fs::path so_far;
        for (const fs::path& part : fs::path(path)) {
            so_far /= part;
            struct stat status {};
            if (::stat(so_far.c_str(), &status) == 0) {
                if (!S_ISDIR(status.st_mode))
                    throw IoError("cannot create " + quoted(option, path) + ": '" + so_far.string() +
                                  "' exists and is not a folder");
                continue;
            }
            if (::mkdir(so_far.c_str(), 0777) != 0 && errno != EEXIST)
                throw IoError("cannot create " + quoted(option, path) + ": '" + so_far.string() + "': " + reason());
        }
        if (::access(path.c_str(), W_OK | X_OK) != 0)
            throw IoError(quoted(option, path) + " is not writable: " + reason());
    });
}

void rename(const RuntimeView& runtime, const std::string& from, const std::string& to) {
    runtime.on_root([&] {
        if (::rename(from.c_str(), to.c_str()) != 0)
            throw IoError("cannot rename '" + from + "' to '" + to + "': " + reason());
        sync_folder(folder_of(to));
    });
}

void remove(const RuntimeView& runtime, const std::string& path) {
    runtime.on_root([&] {
        if (::unlink(path.c_str()) != 0 && errno != ENOENT)
            throw IoError("cannot remove '" + path + "': " + reason());
    });
}

} // namespace qzone::files
