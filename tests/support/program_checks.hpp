#pragma once
// Checks for test programs that are whole programs (no GoogleTest), such as
// the lifecycle tests whose subject is main() itself.

#include <cstdio>

namespace qzone::testing {

/// Counts failed checks and prints each one, prefixed by the program name.
class ProgramChecks {
public:
    explicit ProgramChecks(const char* program) : program_(program) {}

    void operator()(bool condition, const char* what) {
        if (condition) return;
        std::fprintf(stderr, "%s: FAILED: %s\n", program_, what);
        ++failures_;
    }

    int failures() const { return failures_; }

private:
    const char* program_;
    int failures_ = 0;
};

} // namespace qzone::testing
