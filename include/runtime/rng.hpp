#pragma once
/// @file rng.hpp
/// The random numbers behind measurement and sampling.

#include <cstdint>
#include <random>
#include <sstream>
#include <string>

namespace qzone {

/// A seeded generator that every rank holds in the same state: SPMD code
/// draws the same numbers on every rank, so measurement outcomes and samples
/// need no broadcast and do not depend on the rank count. The engine is
/// std::mt19937_64 (fully specified by the standard) and the conversion to
/// [0, 1) is qzone's own, so a seed means the same draws on every platform.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    /// 64 random bits.
    std::uint64_t next() { return engine_(); }

    /// A double in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

    /// The generator's state as text (for checkpoints).
    std::string state() const {
        std::ostringstream text;
        text << engine_;
        return text.str();
    }

    /// Continues from a state() string. @return false if `text` is not one.
    bool restore(const std::string& text) {
        std::istringstream in(text);
        std::mt19937_64 engine;
        if (!(in >> engine)) return false;
        engine_ = engine;
        return true;
    }

private:
    std::mt19937_64 engine_;
};

} // namespace qzone
