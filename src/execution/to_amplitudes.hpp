#pragma once
// Private (execution layer): coefficients as the planner and the gates hold
// them (std::complex<double>) in the kernels' type.

#include <complex>
#include <vector>

#include <kernel_types.hpp>

namespace qzone::execution {

inline kernels::Amplitude to_amplitude(std::complex<double> value) {
    return kernels::Amplitude(value.real(), value.imag());
}

inline std::vector<kernels::Amplitude> to_amplitudes(const std::vector<std::complex<double>>& values) {
    std::vector<kernels::Amplitude> converted(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) converted[i] = to_amplitude(values[i]);
    return converted;
}

} // namespace qzone::execution
