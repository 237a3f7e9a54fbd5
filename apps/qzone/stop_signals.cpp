#include "stop_signals.hpp"

#include <csignal>
#include <string>

namespace qzone::app {
namespace {

volatile std::sig_atomic_t stop_signal = 0;
extern "C" void request_stop(int) { stop_signal = 1; }

} // namespace

void catch_stop_signals(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "batch" || argument == "--checkpoint-dir" || argument.rfind("--checkpoint-dir=", 0) == 0) {
            std::signal(SIGTERM, request_stop);
            std::signal(SIGUSR1, request_stop);
            return;
        }
    }
}

bool stop_requested() noexcept { return stop_signal != 0; }

} // namespace qzone::app
