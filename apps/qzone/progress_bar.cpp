#include "progress_bar.hpp"

#include <cstdio>
#include <string>

#include <unistd.h>

namespace qzone::app {

ProgressBar::ProgressBar(bool root, bool forced) : enabled_(root && (forced || isatty(fileno(stderr)))) {}

ProgressBar::~ProgressBar() {
    if (drawn_) std::fprintf(stderr, "\n");
}

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < 2.0 || (now - last_ < std::chrono::milliseconds(100) && done != total)) return;
    last_ = now;
    constexpr int width = 30;
    const int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu operations, %.1f s, %.0f/s", std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), done, total, elapsed, done / elapsed);
    std::fflush(stderr);
    drawn_ = true;
}

} // namespace qzone::app
