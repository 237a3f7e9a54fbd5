#pragma once
/// @file precision.hpp
/// The floating-point type of a state's amplitudes, chosen at run time.

#include <cstddef>
#include <string>
#include <string_view>

#include <runtime/errors.hpp>

namespace qzone {

/// How a state stores its amplitudes: complex numbers of two 32-bit floats
/// (single precision: half the memory and half the bytes per pass) or of two
/// 64-bit doubles. Sums over the state (norms, probabilities, sampling,
/// expectation values) accumulate in double either way.
enum class Precision { single, double_ };

/// "single" or "double".
inline const char* name_of(Precision precision) { return precision == Precision::single ? "single" : "double"; }

/// Bytes of one amplitude: 8 or 16.
inline constexpr std::size_t amplitude_bytes(Precision precision) {
    return precision == Precision::single ? 8 : 16;
}

/// The precision named "single" or "double".
/// @throw qzone::InputError for any other name, saying what `option` takes.
inline Precision parse_precision(std::string_view name, std::string_view option = "precision") {
    if (name == "single") return Precision::single;
    if (name == "double") return Precision::double_;
    throw InputError(std::string(option) + ": '" + std::string(name) + "' is not a precision; use single or double");
}

/// The Precision whose amplitudes have parts of type Real (float or double).
template<class Real>
inline constexpr Precision precision_of = sizeof(Real) == 4 ? Precision::single : Precision::double_;

/// Calls `work(Real{})` with Real = float for single precision and double for
/// double: code generic over the amplitude type, instantiated for both and
/// chosen at run time. Write `using Real = decltype(tag);` in the body.
template<class Work>
decltype(auto) with_real_type(Precision precision, Work&& work) {
    if (precision == Precision::single) return work(float{});
    return work(double{});
}

} // namespace qzone
