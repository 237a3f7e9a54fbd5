#pragma once
/// @file state_views.hpp
/// Opt-in: a rank's share of a DistributedState as Kokkos Views, for code
/// that runs its own kernels on the amplitudes. The rest of the API never
/// needs Kokkos; include this header only where you do.

#include <Kokkos_Core.hpp>

#include <runtime/distributed_state.hpp>

namespace qzone {

/// Amplitudes with parts of type Real (float or double) in the default
/// memory space, as kernels see them.
template<class Real>
using AmplitudeView = Kokkos::View<Kokkos::complex<Real>*>;

/// This rank's amplitudes in stored order: chunks state.first_local_chunk()
/// .. + local_chunk_count(), back to back. No communication; the View shares
/// the state's memory. Real is the state's precision: float or double.
/// @throw qzone::InputError if Real is not the state's precision.
template<class Real = double>
AmplitudeView<Real> local_amplitudes(const DistributedState& state);

/// The chunk with global index `chunk`, which this rank must own.
/// @throw qzone::InputError if it does not, or Real is not the state's precision.
template<class Real = double>
AmplitudeView<Real> local_chunk(const DistributedState& state, DistributedState::index_type chunk);

} // namespace qzone
