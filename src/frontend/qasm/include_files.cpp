#include "include_files.hpp"

#include <algorithm>
#include <filesystem>

#include <runtime/files.hpp>

namespace qzone::qasm {
namespace {

constexpr unsigned max_include_depth = 32;
constexpr std::size_t max_include_bytes = std::size_t{256} << 20;

/// How includes are compared for cycles: links and "." resolved.
std::string canonical_path(const std::string& path) {
    std::error_code ignored;
    return std::filesystem::weakly_canonical(path, ignored).string();
}

} // namespace

IncludeFiles::IncludeFiles(const std::string& top_file) : stack_{canonical_path(top_file)} {}

SourceHandle IncludeFiles::open(const Token& file, TokenStream& in) {
    namespace fs = std::filesystem;
    const fs::path base = fs::path(in.source()->name).parent_path();
    const fs::path path = fs::path(file.text).is_absolute() ? fs::path(file.text) : base / fs::path(file.text);
    const std::string canonical = canonical_path(path.string());
    if (std::find(stack_.begin(), stack_.end(), canonical) != stack_.end())
        in.fail("include cycle: \"" + std::string(file.text) + "\" is already being read", file);
    if (stack_.size() > max_include_depth) in.fail("includes nested too deeply", file);
    std::string text;
    try { // only regular files, of bounded size: not a directory, a device or /dev/zero
        text = files::read_text_here(path.string(), max_include_bytes, "included file");
    } catch (const InputError& e) {
        in.fail(e.what(), file);
    }
    stack_.push_back(canonical);
    return std::make_shared<SourceFile>(path.string(), std::move(text));
}

} // namespace qzone::qasm
