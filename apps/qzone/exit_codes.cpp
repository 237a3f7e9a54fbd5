#include "exit_codes.hpp"

namespace qzone::app {

ExitCode exit_code(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::input: return exit_bad_input;
    case ErrorKind::resource: return exit_resources;
    case ErrorKind::io: return exit_io;
    case ErrorKind::interrupted: return exit_interrupted;
    case ErrorKind::mpi:
    case ErrorKind::internal: break;
    }
    return exit_failure;
}

} // namespace qzone::app
