// machine_cost_model(): where a run's cost model comes from (QZONE_COST_MODEL,
// the cache of this machine and build, or a calibration stored there), rank
// 0's for every rank.

#include <runtime/cost_model.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <type_traits>

#include <sys/stat.h>
#include <unistd.h>

#include <Kokkos_Core.hpp>

#include <runtime/build_info.hpp>
#include <runtime/detail/seconds_since.hpp>
#include <runtime/errors.hpp>
#include <runtime/runtime_view.hpp>

#include "../detail/fnv1a.hpp"

namespace qzone {
namespace {

/// The folder cost models are cached in, or "" without one.
std::string cache_folder() {
    if (const char* dir = std::getenv("QZONE_CACHE_DIR"); dir && *dir) return dir;
    if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir && *dir) return std::string(dir) + "/qzone";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/qzone";
    return "";
}

/// The processor's name, as /proc/cpuinfo gives it ("" if it does not).
std::string processor_name() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 1);
    return "";
}

/// The kernels and the way they are timed: counted up whenever either
/// changes within a qzone version, so that no cache measured before is used.
constexpr int calibration_revision = 5;

/// What the costs depend on besides the circuit: the processor, the build,
/// the kernels and their timing, the kernel path, the threads per rank and
/// the precision.
std::string machine_and_build(Precision precision) {
    const BuildInfo build = build_info();
    std::ostringstream key;
    key << "processor:" << processor_name() << " qzone " << build.qzone_version << " calibration "
        << calibration_revision << " Kokkos "
        << build.kokkos_version << ' ' << build.kokkos_host_execution_space << " threads "
        << Kokkos::DefaultHostExecutionSpace().concurrency() << " kernel path " << build.kernel_path << ' '
        << name_of(precision) << " precision";
    return key.str();
}

/// A cost model file is a few lines: more than this is not one.
constexpr std::size_t largest_model_bytes = 64 * 1024;

/// The text of the regular file at `path`, "" if there is none.
/// @throw qzone::InputError (naming `what`) for something other than a
///        regular file, or a file larger than largest_model_bytes.
std::string read_file(const std::string& path, const std::string& what) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return "";
    if (!S_ISREG(status.st_mode)) throw InputError(what + ": '" + path + "' is not a regular file");
    if (static_cast<std::size_t>(status.st_size) > largest_model_bytes)
        throw InputError(what + ": '" + path + "' is larger than a cost model (" +
                         std::to_string(largest_model_bytes / 1024) + " KiB)");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Creates `path` holding `text` unless it exists (the first writer wins:
/// runs starting together then all use one model). False, with `why`, if
/// neither this nor another process could store it.
bool store_once(const std::string& path, const std::string& text, std::string& why) {
    const std::string folder = path.substr(0, path.rfind('/'));
    for (std::size_t at = 1; at != std::string::npos; at = folder.find('/', at + 1))
        ::mkdir(folder.substr(0, at).c_str(), 0755);
    ::mkdir(folder.c_str(), 0755);
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            why = "cannot write " + temporary + ": " + std::strerror(errno);
            std::remove(temporary.c_str());
            return false;
        }
    }
    const bool linked = ::link(temporary.c_str(), path.c_str()) == 0 || errno == EEXIST;
    if (!linked) why = "cannot create " + path + ": " + std::strerror(errno);
    std::remove(temporary.c_str());
    return linked;
}

/// Rank 0's part of machine_cost_model.
CostModel model_on_root(const RuntimeView& runtime, Precision precision) {
    if (const char* chosen = std::getenv("QZONE_COST_MODEL"); chosen && *chosen) {
        if (std::string(chosen) == "builtin") {
            CostModel model = builtin_cost_model();
            model.source = "built in (QZONE_COST_MODEL=builtin)";
            return model;
        }
        if (std::ifstream(chosen).fail())
            throw InputError(std::string("QZONE_COST_MODEL: cannot read '") + chosen + "': " + std::strerror(errno));
        return cost_model_from_text(read_file(chosen, "QZONE_COST_MODEL"), std::string("QZONE_COST_MODEL=") + chosen);
    }
    if constexpr (!std::is_same_v<Kokkos::DefaultExecutionSpace, Kokkos::DefaultHostExecutionSpace>) {
        // The calibration measures host caches and tiles. On a GPU, fusion
        // follows the built-in table and no sweep pays (docs/gpu.md).
        CostModel model = builtin_cost_model();
        model.sweep_pass = 1e30;
        model.source = "built in (kernels on a GPU)";
        return model;
    }
    const std::string folder = cache_folder();
    if (folder.empty()) {
        runtime.logger().warn("no folder to cache the cost model in (QZONE_CACHE_DIR, XDG_CACHE_HOME and HOME are "
                              "unset): fusion follows the built-in model");
        return builtin_cost_model();
    }
    const std::string key = machine_and_build(precision);
    detail::Fnv1a hash;
    hash.feed(key.data(), key.size());
    std::ostringstream name;
    name << folder << "/cost-model-" << std::hex << std::setw(16) << std::setfill('0') << hash.value() << ".txt";
    const std::string path = name.str();
    // A cached model that no longer parses is measured again.
    try {
        if (const std::string cached = read_file(path, "the cached cost model"); !cached.empty())
            return cost_model_from_text(cached, "cached in " + path);
    } catch (const InputError& e) {
        runtime.logger().warn("the cached cost model is unusable and is measured again: ", e.what());
        std::remove(path.c_str());
    }
    const auto start = detail::Clock::now();
    const CostModel measured = calibrate_cost_model(precision);
    std::string why;
    if (!store_once(path, "# " + key + "\n" + to_text(measured), why)) {
        runtime.logger().warn("the cost model cannot be cached (", why,
                              "): fusion follows the built-in model, so that every run plans alike");
        return builtin_cost_model();
    }
    runtime.logger().info("cost model measured in ", detail::seconds_since(start), " s, cached in ", path);
    // Another process may have stored its model first: every run uses the stored one.
    try {
        return cost_model_from_text(read_file(path, "the cached cost model"), "cached in " + path);
    } catch (const InputError& e) {
        runtime.logger().warn("the cost model cannot be cached (", e.what(),
                              "): fusion follows the built-in model, so that every run plans alike");
        return builtin_cost_model();
    }
}

} // namespace

CostModel machine_cost_model(const RuntimeView& runtime, Precision precision) {
    std::string text, source;
    runtime.on_root([&] {
        const CostModel model = model_on_root(runtime, precision);
        text = to_text(model);
        source = model.source;
    });
    // Rank 0's model on every rank.
    const std::vector<std::string> texts = runtime.gather(text), sources = runtime.gather(source);
    return cost_model_from_text(texts[0], sources[0]);
}

} // namespace qzone
