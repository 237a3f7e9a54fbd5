// The kernels on one chunk, without MPI: each test body is written once and
// run in both precisions (typed tests), on chunk sizes and qubit positions
// that reach every path the kernels dispatch to (one or eight streams, the
// two-float-pair path and target 0, dense blocks in lanes and in one group,
// diagonal qubits inside and outside the chunk, controls), against a dense
// reference computed in double; dense blocks on every kernel path the
// processor runs, bit for bit the same in lanes and in one group. The bound is a few units of the precision's
// rounding per multiply-add.

#include <algorithm>
#include <complex>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <fused_blocks.hpp>
#include <kernel_path.hpp>
#include <local_gates.hpp>
#include <permutation_blocks.hpp>
#include <reductions.hpp>

#include "dense_reference.hpp"

namespace {

using namespace qzone::kernels;
using Complex = std::complex<double>;

/// Kokkos for every test of this file (each may run in its own process).
class KokkosScope : public ::testing::Environment {
public:
    void SetUp() override {
        if (!Kokkos::is_initialized()) Kokkos::initialize();
    }
    void TearDown() override {
        if (Kokkos::is_initialized()) Kokkos::finalize();
    }
};
const ::testing::Environment* const kokkos_scope = ::testing::AddGlobalTestEnvironment(new KokkosScope);

std::vector<Complex> random_state(unsigned qubits, std::mt19937_64& rng) {
    std::normal_distribution<double> normal;
    std::vector<Complex> state(std::size_t{1} << qubits);
    for (Complex& a : state) a = {normal(rng), normal(rng)};
    return state;
}

/// The reference: `matrix` (row-major, bit j = positions[j]) on `state`
/// where the indices match `control_mask` / `control_value`.
std::vector<Complex> reference(const std::vector<Complex>& state, const std::vector<unsigned>& positions,
                               const std::vector<Complex>& matrix, Index control_mask = 0, Index control_value = 0) {
    const std::size_t dim = std::size_t{1} << positions.size();
    std::vector<Complex> result = state;
    for (Index i = 0; i < state.size(); ++i) {
        if ((i & control_mask) != control_value) continue;
        std::size_t row = 0;
        Index base = i;
        for (std::size_t j = 0; j < positions.size(); ++j) {
            row |= (i >> positions[j] & 1) << j;
            base &= ~(Index{1} << positions[j]);
        }
        Complex sum = 0;
        for (std::size_t c = 0; c < dim; ++c) {
            Index from = base;
            for (std::size_t j = 0; j < positions.size(); ++j) from |= Index(c >> j & 1) << positions[j];
            sum += matrix[row * dim + c] * state[from];
        }
        result[i] = sum;
    }
    return result;
}

/// Typed on the part type: each body runs in float and in double.
template<class Real>
class Kernels : public ::testing::Test {
protected:
    /// A few units of rounding per multiply-add of a 2^k-wide row.
    static double bound(unsigned k) { return (std::is_same_v<Real, float> ? 1e-6 : 1e-14) * double(4 << k); }

    static Chunk<Real> upload(const std::vector<Complex>& state) {
        Chunk<Real> chunk("chunk", state.size());
        auto host = Kokkos::create_mirror_view(chunk);
        for (std::size_t i = 0; i < state.size(); ++i)
            host(i) = Kokkos::complex<Real>(Real(state[i].real()), Real(state[i].imag()));
        Kokkos::deep_copy(chunk, host);
        return chunk;
    }
    /// The chunk's values as they are (rounded to Real), for the reference.
    static std::vector<Complex> download(const Chunk<Real>& chunk) {
        const auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), chunk);
        std::vector<Complex> state(host.extent(0));
        for (std::size_t i = 0; i < state.size(); ++i) state[i] = {double(host(i).real()), double(host(i).imag())};
        return state;
    }
    static double distance(const std::vector<Complex>& a, const std::vector<Complex>& b) {
        double worst = 0;
        for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
        return worst;
    }
};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(Kernels, Precisions);

TYPED_TEST(Kernels, OneQubitMatrixOnEveryTargetAndStreamCount) {
    using Real = TypeParam;
    std::mt19937_64 rng(1);
    // 2^10: one stream; 2^16: eight streams (and, in float, the two-pair path from target 1).
    for (unsigned qubits : {10u, 16u}) {
        const std::vector<Complex> u = qzone::testing::random_unitary(2, rng);
        const Matrix2 m{Amplitude(u[0].real(), u[0].imag()), Amplitude(u[1].real(), u[1].imag()),
                        Amplitude(u[2].real(), u[2].imag()), Amplitude(u[3].real(), u[3].imag())};
        for (unsigned target = 0; target < qubits; ++target) {
            const auto chunk = this->upload(random_state(qubits, rng));
            const std::vector<Complex> before = this->download(chunk);
            const unsigned positions[] = {target};
            const int values[] = {0};
            apply_one_qubit(chunk, target, m, make_bit_pattern(positions, values, 1));
            EXPECT_LT(this->distance(this->download(chunk), reference(before, {target}, u)), this->bound(1))
                << qubits << " qubits, target " << target;
        }
    }
}

TYPED_TEST(Kernels, ControlledOneAndTwoQubitMatricesAndSwaps) {
    using Real = TypeParam;
    std::mt19937_64 rng(2);
    const unsigned qubits = 9;
    const std::vector<Complex> u2 = qzone::testing::random_unitary(2, rng), u4 = qzone::testing::random_unitary(4, rng);
    Matrix2 m2;
    Matrix4 m4;
    for (int e = 0; e < 4; ++e) m2[e] = Amplitude(u2[e].real(), u2[e].imag());
    for (int e = 0; e < 16; ++e) m4[e] = Amplitude(u4[e].real(), u4[e].imag());
    {   // target 3 where qubit 7 is 1 and qubit 0 is 0
        const auto chunk = this->upload(random_state(qubits, rng));
        const auto before = this->download(chunk);
        const unsigned positions[] = {3, 7, 0};
        const int values[] = {0, 1, 0};
        apply_one_qubit(chunk, 3, m2, make_bit_pattern(positions, values, 3));
        EXPECT_LT(this->distance(this->download(chunk), reference(before, {3}, u2, 0b10000001, 0b10000000)),
                  this->bound(1));
    }
    {   // targets 5 and 1 (matrix bit 0 = qubit 5) where qubit 8 is 1
        const auto chunk = this->upload(random_state(qubits, rng));
        const auto before = this->download(chunk);
        const unsigned positions[] = {5, 1, 8};
        const int values[] = {0, 0, 1};
        apply_two_qubit(chunk, 5, 1, m4, make_bit_pattern(positions, values, 3));
        EXPECT_LT(this->distance(this->download(chunk), reference(before, {5, 1}, u4, 0b100000000, 0b100000000)),
                  this->bound(2));
    }
    {   // swap of qubits 2 and 6 where qubit 4 is 1: exact
        const auto chunk = this->upload(random_state(qubits, rng));
        const auto before = this->download(chunk);
        const unsigned positions[] = {2, 6, 4};
        const int values[] = {0, 0, 1};
        swap_local(chunk, 2, 6, make_bit_pattern(positions, values, 3));
        const std::vector<Complex> swap_matrix = {1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1};
        EXPECT_EQ(this->distance(this->download(chunk), reference(before, {2, 6}, swap_matrix, 0b10000, 0b10000)), 0.0);
    }
}

TYPED_TEST(Kernels, DenseBlocksInLanesAndInOneGroup) {
    using Real = TypeParam;
    std::mt19937_64 rng(3);
    // Positions that leave the lowest qubits free (the lane path) and ones
    // that fill a chunk just as wide as the block (one group, no lanes).
    const std::vector<std::pair<unsigned, std::vector<unsigned>>> cases = {
        {10, {4}},          {10, {0}},          {10, {6, 2}},        {10, {1, 0}},     {10, {3, 7, 5}},
        {10, {9, 0, 4, 2}}, {11, {8, 6, 10, 5, 7}}, {12, {2, 11, 4, 9, 6, 3}}, {3, {2, 0, 1}}, {6, {5, 4, 3, 2, 1, 0}},
    };
    for (const auto& [qubits, positions] : cases) {
        const std::vector<Complex> u = qzone::testing::random_unitary(std::size_t{1} << positions.size(), rng);
        const std::vector<Amplitude> matrix(u.begin(), u.end());
        const auto chunk = this->upload(random_state(qubits, rng));
        const auto before = this->download(chunk);
        apply_dense_block_host(chunk, positions, matrix);
        EXPECT_LT(this->distance(this->download(chunk), reference(before, positions, u)),
                  this->bound(static_cast<unsigned>(positions.size())))
            << qubits << " qubits, block of " << positions.size();
    }
}

TYPED_TEST(Kernels, DenseBlocksAreBitIdenticalInLanesAndInOneGroupOnEveryPath) {
    using Real = TypeParam;
    const KernelPath before = kernel_path();
    std::vector<std::vector<Real>> fused_results; // per fused path, every block's amplitudes in turn
    for (KernelPath path : {KernelPath::baseline, KernelPath::avx2_fma, KernelPath::avx512}) {
        std::mt19937_64 rng(17), surroundings(18); // the same blocks and states on every path
        if (!kernel_path_runs(path)) {
            std::printf("kernel path %s: not available here\n", kernel_path_name(path));
            continue;
        }
        set_kernel_path(path);
        const unsigned lane_bits = host_blocks::lane_bits_of(host_blocks::lane_bytes(path) / sizeof(Real));
        std::vector<Real> results;
        for (unsigned k = 1; k <= 6; ++k) {
            const std::vector<Complex> u = qzone::testing::random_unitary(std::size_t{1} << k, rng);
            const std::vector<Amplitude> matrix(u.begin(), u.end());
            // The same block at the lowest positions, above the lanes, and on every other position.
            std::vector<unsigned> low(k), high(k), spread(k);
            for (unsigned j = 0; j < k; ++j)
                low[j] = k - 1 - j, high[j] = lane_bits + k - 1 - j, spread[j] = 2 * (k - 1 - j);
            // One group: a chunk exactly as wide as the block.
            const std::vector<Complex> small = random_state(k, rng);
            const auto group = this->upload(small);
            apply_dense_block_host(group, low, matrix);
            // Lanes across the block (it fills or straddles them) and lanes below it, the
            // small state embedded where the block sees it, other amplitudes random.
            const auto spread_index = [&](std::size_t i) {
                std::size_t index = 0;
                for (unsigned j = 0; j < k; ++j) index |= (i >> (k - 1 - j) & 1) << spread[j];
                return index;
            };
            std::vector<Complex> filled = random_state(k + lane_bits, surroundings), contiguous = filled,
                                 straddled = random_state(2 * k + lane_bits, surroundings);
            for (std::size_t i = 0; i < small.size(); ++i) {
                filled[i] = small[i];
                contiguous[i << lane_bits] = small[i];
                straddled[spread_index(i)] = small[i];
            }
            const auto across = this->upload(filled), below = this->upload(contiguous),
                       straddling = this->upload(straddled);
            apply_dense_block_host(across, low, matrix);
            apply_dense_block_host(below, high, matrix);
            apply_dense_block_host(straddling, spread, matrix);
            const auto one = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), group);
            const auto lanes_across = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), across);
            const auto lanes_below = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), below);
            const auto lanes_straddling = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), straddling);
            for (std::size_t i = 0; i < small.size(); ++i) {
                EXPECT_EQ(one(i), lanes_across(i)) << kernel_path_name(path) << " k=" << k << " amplitude " << i;
                EXPECT_EQ(one(i), lanes_below(i << lane_bits)) << kernel_path_name(path) << " k=" << k;
                EXPECT_EQ(one(i), lanes_straddling(spread_index(i))) << kernel_path_name(path) << " k=" << k;
                results.push_back(one(i).real());
                results.push_back(one(i).imag());
            }
            EXPECT_LT(this->distance(this->download(group), reference(small, low, u)), this->bound(k));
        }
        if (path != KernelPath::baseline) fused_results.push_back(results);
    }
    // The two fused paths round alike.
    if (fused_results.size() == 2) EXPECT_EQ(fused_results[0], fused_results[1]);
    set_kernel_path(before);
}

/// A random permutation of 2^k basis states (row r takes column source[r]),
/// each times a random phase, or times 1 where `phases` is false.
std::vector<Complex> random_permutation(unsigned k, bool phases, std::mt19937_64& rng) {
    const std::size_t dim = std::size_t{1} << k;
    std::vector<std::size_t> source(dim);
    for (std::size_t r = 0; r < dim; ++r) source[r] = r;
    std::shuffle(source.begin(), source.end(), rng);
    std::uniform_real_distribution<double> angle(0, 6.283185307179586);
    std::vector<Complex> matrix(dim * dim, 0.0);
    for (std::size_t r = 0; r < dim; ++r) matrix[r * dim + source[r]] = phases ? std::polar(1.0, angle(rng)) : 1.0;
    return matrix;
}

TYPED_TEST(Kernels, PermutationBlocksMoveEachAmplitudeOnce) {
    using Real = TypeParam;
    std::mt19937_64 rng(5);
    // Staged units (a qubit below 6): contiguous, in pieces, a chunk as wide
    // as the unit; around the cycles (every qubit from 6 up): short runs, runs
    // capped by the chunk, runs capped at 2^12; one qubit; a CX chain.
    const std::vector<std::pair<unsigned, std::vector<unsigned>>> cases = {
        {10, {1, 0}},  {10, {2, 4, 3}}, {13, {0, 9, 12}},   {12, {11, 0, 7, 3}}, {6, {5, 1, 3}},
        {3, {2, 0, 1}}, {12, {6, 8}},    {10, {9, 6, 7, 8}}, {16, {15, 12, 13}},  {9, {7}},
        {14, {13, 6, 9, 7, 8, 12}},
    };
    for (const bool phases : {false, true})
        for (const auto& [qubits, positions] : cases) {
            const unsigned k = static_cast<unsigned>(positions.size());
            const std::vector<Complex> u = random_permutation(k, phases, rng);
            const auto chunk = this->upload(random_state(qubits, rng));
            const auto before = this->download(chunk);
            const PermutationBlockKernel<Real> kernel(positions, std::vector<Amplitude>(u.begin(), u.end()),
                                                      chunk.extent(0));
            kernel.apply(reinterpret_cast<Real*>(chunk.data()));
            const auto after = this->download(chunk), expected = reference(before, positions, u);
            // Moved amplitudes are the values they were, exactly; phases round once.
            if (phases) EXPECT_LT(this->distance(after, expected), this->bound(1)) << qubits << " qubits, k=" << k;
            else EXPECT_EQ(after, expected) << qubits << " qubits, " << k << " positions from " << positions[0];
        }
}

TYPED_TEST(Kernels, DiagonalsOnQubitsInsideAndOutsideTheChunk) {
    using Real = TypeParam;
    std::mt19937_64 rng(4);
    std::uniform_real_distribution<double> angle(-3, 3);
    struct Case {
        unsigned qubits;  // of the chunk; the chunk's base sets the bits above
        Index chunk_base;
        std::vector<unsigned> positions;
    };
    const std::vector<Case> cases = {
        {14, Index{0b101} << 14, {0, 3, 15, 7, 13, 16, 2, 11}}, // every run's entries expanded at once
        // too many to expand: looked up per run, streams
        {20, Index{1} << 21, {1, 8, 9, 10, 11, 12, 13, 14, 15, 16, 21}},
        {20, 0, {7, 19, 12}},                                     // one entry per run, streams
        {20, 0, {0, 5, 19, 6}},                                   // expanded, streams
        {20, 0, {4, 9, 13, 19}},                                  // groups of 16 sharing an entry, streams
    };
    const KernelPath before = kernel_path();
    for (const Case& c : cases) {
        std::vector<Complex> entries(std::size_t{1} << c.positions.size());
        for (Complex& e : entries) e = std::polar(1.0, angle(rng));
        const std::vector<Complex> state = random_state(c.qubits, rng);
        std::vector<Complex> expected = state;
        for (Index i = 0; i < state.size(); ++i) {
            std::size_t entry = 0;
            for (std::size_t j = 0; j < c.positions.size(); ++j)
                entry |= ((c.chunk_base | i) >> c.positions[j] & 1) << j;
            expected[i] = entries[entry] * state[i];
        }
        // Every path rounds alike (no fused multiply-adds): bit for bit the same.
        std::vector<Complex> first;
        for (KernelPath path : {KernelPath::baseline, KernelPath::avx2_fma, KernelPath::avx512}) {
            if (!kernel_path_runs(path)) continue;
            set_kernel_path(path);
            const auto chunk = this->upload(state);
            apply_diagonal_block_host(chunk, c.chunk_base, c.positions,
                                      std::vector<Amplitude>(entries.begin(), entries.end()));
            const std::vector<Complex> result = this->download(chunk);
            EXPECT_LT(this->distance(result, expected), this->bound(0)) << kernel_path_name(path) << " " << c.qubits;
            if (first.empty()) first = result;
            else EXPECT_EQ(result, first) << kernel_path_name(path) << " " << c.qubits;
        }
    }
    set_kernel_path(before);
}

TYPED_TEST(Kernels, ReductionsSumInDouble) {
    using Real = TypeParam;
    std::mt19937_64 rng(5);
    const unsigned qubits = 12;
    const Index chunk_base = Index{3} << qubits; // qubits 12 and 13 set outside the chunk
    const auto left = this->upload(random_state(qubits, rng)), right = this->upload(random_state(qubits, rng));
    const auto a = this->download(left), b = this->download(right);
    // <left|right>, the squared norm, and the mass where qubit 5 is 1 and qubit 13 is 1.
    Complex inner = 0;
    double total = 0, masked = 0;
    for (Index i = 0; i < a.size(); ++i) {
        inner += std::conj(a[i]) * b[i];
        total += std::norm(a[i]);
        if (((chunk_base | i) >> 5 & 1) && ((chunk_base | i) >> 13 & 1)) masked += std::norm(a[i]);
    }
    const Amplitude got = inner_product(left, right);
    EXPECT_NEAR(got.real(), inner.real(), 1e-12 * a.size());
    EXPECT_NEAR(got.imag(), inner.imag(), 1e-12 * a.size());
    const Index mask = (Index{1} << 5) | (Index{1} << 13);
    const auto [in_mask, all] = masked_and_total_probability(left, chunk_base, mask, mask);
    EXPECT_NEAR(all, total, 1e-12 * total);
    EXPECT_NEAR(in_mask, masked, 1e-12 * total);
    // A Pauli string's term inside the chunk, pair by pair, against the
    // element-by-element kernel and the plain sum: flips on low, middle and
    // top bits, signs inside and outside the chunk (bit 13), Z-only.
    for (const auto& [flip, parity_mask] : std::vector<std::pair<Index, Index>>{
             {0, 0}, {0, (Index{1} << 3) | (Index{1} << 13)}, {1, 0}, {(Index{1} << 11) | 4, Index{1} << 2},
             {0b101100, (Index{1} << 13) | 0b1001}, {0xfff, 0xfff}}) {
        Complex reference = 0;
        for (Index j = 0; j < a.size(); ++j) {
            const bool odd = __builtin_popcountll(((chunk_base | j) ^ flip) & parity_mask) & 1;
            reference += (odd ? -1.0 : 1.0) * std::conj(a[j]) * a[j ^ flip];
        }
        const Amplitude pairs = pauli_term_in_chunk(left, chunk_base, flip, parity_mask);
        const Amplitude each = pauli_term(left, chunk_base, 0, a.size(), left, 0, flip, flip, parity_mask);
        EXPECT_NEAR(pairs.real(), reference.real(), 1e-13 * total) << "flip " << flip;
        EXPECT_NEAR(pairs.imag(), reference.imag(), 1e-13 * total) << "flip " << flip;
        EXPECT_NEAR(each.real(), reference.real(), 1e-13 * total) << "flip " << flip;
        EXPECT_NEAR(each.imag(), reference.imag(), 1e-13 * total) << "flip " << flip;
    }
    // The cross term against a partner chunk (flips with a bit above the
    // chunk), whole and in pieces as they arrive: a piece [first, first +
    // count) of mine against a received piece already flipped.
    for (const auto& [flip, parity_mask] : std::vector<std::pair<Index, Index>>{
             {Index{1} << 12, Index{1} << 13}, {(Index{1} << 13) | 0b1011, (Index{1} << 12) | 0b110},
             {(Index{1} << 12) | 0x801, 0x7ff}}) {
        const Index local_flip = flip & (a.size() - 1);
        Complex reference = 0;
        for (Index j = 0; j < a.size(); ++j) {
            const bool odd = __builtin_popcountll(((chunk_base | j) ^ flip) & parity_mask) & 1;
            reference += (odd ? -1.0 : 1.0) * std::conj(a[j]) * b[j ^ local_flip];
        }
        const Amplitude whole = pauli_term(left, chunk_base, 0, a.size(), right, 0, local_flip, flip, parity_mask);
        EXPECT_NEAR(whole.real(), reference.real(), 1e-13 * total) << "flip " << flip;
        EXPECT_NEAR(whole.imag(), reference.imag(), 1e-13 * total) << "flip " << flip;
        std::vector<Complex> flipped(a.size());
        for (Index j = 0; j < a.size(); ++j) flipped[j] = b[j ^ local_flip];
        const auto received = this->upload(flipped);
        Amplitude pieces = 0;
        for (Index first = 0; first < a.size(); first += 1024) {
            const auto piece = Kokkos::subview(received, std::make_pair(first, first + 1024));
            pieces += pauli_term(left, chunk_base, first, Index{1024}, decltype(received)(piece), 0, 0, flip, parity_mask);
        }
        EXPECT_NEAR(pieces.real(), reference.real(), 1e-13 * total) << "flip " << flip;
        EXPECT_NEAR(pieces.imag(), reference.imag(), 1e-13 * total) << "flip " << flip;
    }
}

TYPED_TEST(Kernels, GroupMassesAreTheWholeUnitsOfEachSelectedAmplitude) {
    // Sampling's histogram kernel (the device's; the host runs a loop): a
    // 13-qubit chunk, qubits 2, 7 and 12 fixed to 1, 0, 1 by the pattern, the
    // group's value from two tables (stored bit b worth group bit b % 5, an
    // arbitrary map), offset by the chunk's own group bits.
    using Real = TypeParam;
    std::mt19937_64 rng(8);
    const unsigned qubits = 13;
    const auto chunk = this->upload(random_state(qubits, rng));
    const auto a = this->download(chunk);
    const unsigned fixed_positions[] = {7, 2, 12};
    const int fixed_values[] = {0, 1, 1};
    const BitPattern pattern = make_bit_pattern(fixed_positions, fixed_values, 3);
    constexpr unsigned width = GroupTables::table_bits, tables = 2;
    std::vector<Index> entries(std::size_t{tables} << width, 0);
    const auto group_bit = [](unsigned b) { return Index{1} << (b % 5); };
    for (unsigned t = 0; t < tables; ++t)
        for (Index v = 0; v < (Index{1} << width); ++v)
            for (unsigned b = 0; b < width && t * width + b < qubits; ++b)
                if (v >> b & 1) entries[(t << width) + v] |= group_bit(t * width + b);
    Kokkos::View<Index*> device_entries("entries", entries.size());
    Kokkos::deep_copy(device_entries, Kokkos::View<const Index*, Kokkos::HostSpace>(entries.data(), entries.size()));
    const Index chunk_group = Index{1} << 5, values = 64;
    Kokkos::View<std::uint64_t*> row("row", values);
    add_group_masses<Real>(chunk, pattern, GroupTables{device_entries.data(), tables}, chunk_group, row);
    std::vector<std::uint64_t> expected(values, 0);
    for (Index i = 0; i < a.size(); ++i) {
        if ((i >> 2 & 1) != 1 || (i >> 7 & 1) != 0 || (i >> 12 & 1) != 1) continue;
        Index group = chunk_group;
        for (unsigned b = 0; b < qubits; ++b)
            if (i >> b & 1) group |= group_bit(b);
        // Truncated units of 2^-56 of |a|^2 taken in double: exact for float parts.
        const double re = a[i].real(), im = a[i].imag();
        expected[group] += static_cast<std::uint64_t>((re * re + im * im) * 0x1p56);
    }
    const auto got = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), row);
    for (Index v = 0; v < values; ++v) EXPECT_EQ(got(v), expected[v]) << "group value " << v;
}

} // namespace
