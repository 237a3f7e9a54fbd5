#include "stop_signals.hpp"

#include <csignal>

namespace qzone::app {
namespace {

volatile std::sig_atomic_t caught_signal = 0; ///< the first caught
volatile std::sig_atomic_t caught_termination = 0;
extern "C" void remember_signal(int signal) {
    if (caught_signal == 0) caught_signal = signal;
    if (signal == SIGTERM) caught_termination = 1;
}

} // namespace

void catch_stop_signals() noexcept {
    std::signal(SIGTERM, remember_signal);
    std::signal(SIGUSR1, remember_signal);
}

void release_stop_signals() noexcept {
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGUSR1, SIG_DFL);
    if (caught_signal != 0) std::raise(caught_signal);
}

bool stop_requested() noexcept { return caught_signal != 0; }
bool termination_requested() noexcept { return caught_termination != 0; }

} // namespace qzone::app
