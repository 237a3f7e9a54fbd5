// The one gate catalogue: names, shapes and the two conventions it knows
// (Qiskit's matrices, qelib1.inc's definitions), which differ by global
// phases only and only where the catalogue says so.

#include <algorithm>
#include <cmath>
#include <complex>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>
#include <runtime/gate.hpp>

using namespace qzone;
using gates::GateConvention;

TEST(GateCatalogue, RzAndRzzFollowTheConventionAsked) {
    const double phi = 0.9;
    const Gate qiskit = gates::by_name("rz", {0}, {phi});
    const std::optional<Gate> qelib1 = gates::by_name("rz", {0}, {phi}, GateConvention::qelib1);
    ASSERT_TRUE(qelib1.has_value());
    // Qiskit: exp(-i phi Z/2); qelib1.inc: u1(phi) = diag(1, e^{i phi}).
    EXPECT_LT(std::abs(qiskit.matrix[0] - std::polar(1.0, -phi / 2)), 1e-15);
    EXPECT_LT(std::abs(qiskit.matrix[1] - std::polar(1.0, phi / 2)), 1e-15);
    EXPECT_LT(std::abs(qelib1->matrix[0] - 1.0), 1e-15);
    EXPECT_LT(std::abs(qelib1->matrix[1] - std::polar(1.0, phi)), 1e-15);
    EXPECT_EQ(qelib1->name, "rz");
    // rzz: a Pauli rotation for Qiskit, diag(1, e^{it}, e^{it}, 1) for qelib1.inc.
    EXPECT_EQ(gates::by_name("rzz", {0, 1}, {phi}).kind, GateKind::pauli_rotation);
    const Gate rzz = *gates::by_name("rzz", {0, 1}, {phi}, GateConvention::qelib1);
    ASSERT_EQ(rzz.kind, GateKind::diagonal);
    EXPECT_LT(std::abs(rzz.matrix[1] - std::polar(1.0, phi)), 1e-15);
    EXPECT_LT(std::abs(rzz.matrix[3] - 1.0), 1e-15);
}

TEST(GateCatalogue, OtherNamesAreTheSameOrExpandedUnderQelib1) {
    // The same matrix where the definitions agree, entry for entry.
    struct Use {
        const char* name;
        std::vector<unsigned> on;
        std::vector<double> parameters;
    };
    const Use uses[] = {{"h", {0}, {}},      {"cx", {0, 1}, {}},     {"ccx", {0, 1, 2}, {}},
                        {"cswap", {0, 1, 2}, {}}, {"cp", {0, 1}, {0.3}}, {"crz", {0, 1}, {0.3}}};
    for (const auto& [name, on, parameters] : uses) {
        const Gate qiskit = gates::by_name(name, on, parameters);
        const std::optional<Gate> qelib1 = gates::by_name(name, on, parameters, GateConvention::qelib1);
        ASSERT_TRUE(qelib1.has_value()) << name;
        EXPECT_EQ(qelib1->matrix, qiskit.matrix) << name;
        EXPECT_EQ(qelib1->controls, qiskit.controls) << name;
    }
    // No exact native form of qelib1.inc's definition: the reader expands it.
    EXPECT_FALSE(gates::by_name("sx", {0}, {}, GateConvention::qelib1).has_value());
    EXPECT_FALSE(gates::by_name("rxx", {0, 1}, {0.2}, GateConvention::qelib1).has_value());
    // Not in the catalogue at all: nothing under a convention, an error by name.
    EXPECT_FALSE(gates::by_name("c3x", {0, 1, 2, 3}, {}, GateConvention::qelib1).has_value());
    EXPECT_THROW(gates::by_name("c3x", {0, 1, 2, 3}), InputError);
    // A known name with the wrong shape is an error in either convention.
    EXPECT_THROW(gates::by_name("rz", {0}, {}, GateConvention::qelib1), InputError);
    EXPECT_THROW(gates::by_name("cx", {0}), InputError);
}

TEST(GateCatalogue, NamesListEveryGateByNameKnows) {
    // The 35 names of the documented list, each a gate by_name builds.
    const std::vector<std::string> names = gates::catalogue_names();
    EXPECT_EQ(names.size(), 35u);
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    for (const char* name : {"id", "u", "u3", "cu1", "rzz", "cswap"})
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    EXPECT_EQ(std::find(names.begin(), names.end(), "c3x"), names.end());
}
