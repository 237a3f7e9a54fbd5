// Whole circuits from OpenQASM through run_circuit: analytic results of the
// example circuits, the dense reference, trajectories, refused requests.

#include <cmath>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <runtime/errors.hpp>
#include <runtime/qasm.hpp>
#include <runtime/run.hpp>
#include <runtime/runtime_view.hpp>

#include "dense_reference.hpp"
#include "test_world.hpp"

using namespace qzone;
using qzone::testing::my_rank;
using qzone::testing::world;

namespace {

Circuit example(const std::string& name) {
    return parse_qasm_file(std::string(QZONE_EXAMPLE_CIRCUITS) + "/" + name);
}

} // namespace

TEST(RunCircuit, QftOfABasisStateIsFlatAndMatchesTheReference) {
    const Circuit circuit = example("qft.qasm");
    RunOptions options;
    options.shots = 0;
    options.probabilities = true;
    options.amplitudes = true;
    const RunResult result = run_circuit(world(), circuit, options);
    qzone::testing::DenseState reference(circuit.qubits);
    for (const Operation& op : circuit.operations)
        if (op.kind == Operation::Kind::gate) reference.apply(op.gate);
    if (my_rank() != 0) return;
    ASSERT_TRUE(result.probabilities && result.amplitudes);
    for (std::size_t i = 0; i < 256; ++i) {
        EXPECT_NEAR((*result.probabilities)[i], 1.0 / 256, 1e-12) << i; // analytic
        EXPECT_LT(std::abs((*result.amplitudes)[i] - reference.amplitudes()[i]), 1e-12) << i;
    }
}

TEST(RunCircuit, GroverAndAdderGiveTheirAnalyticAnswers) {
    RunOptions options;
    options.shots = 4000;
    options.probabilities = true;
    const RunResult grover = run_circuit(world(), example("grover.qasm"), options);
    if (my_rank() == 0) EXPECT_NEAR((*grover.probabilities)[0b101], 121.0 / 128, 1e-12); // sin^2(5 asin(1/sqrt 8))
    // 4000 shots at p = 0.9453: 3781 expected, sd 14.4; 6 sd either way.
    EXPECT_NEAR(static_cast<double>(grover.counts.at("101")), 3781.25, 6 * 14.4);
    const RunResult adder = run_circuit(world(), example("adder.qasm"), options);
    EXPECT_EQ(adder.counts, (std::map<std::string, std::size_t>{{"10000", 4000}}));
}

TEST(RunCircuit, CountsKeysFollowQiskitsRegisterOrder) {
    const Circuit circuit = parse_qasm("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\ncreg low[1];\ncreg high[2];\n"
                                       "x q[0];\nx q[2];\nmeasure q[0] -> low[0];\nmeasure q[1] -> high[0];\n"
                                       "measure q[2] -> high[1];\n");
    RunOptions options;
    options.shots = 10;
    // high = (q2 q1) = "10", low = "1": last-declared register first.
    EXPECT_EQ(run_circuit(world(), circuit, options).counts, (std::map<std::string, std::size_t>{{"10 1", 10}}));
}

TEST(RunCircuit, MidCircuitMeasurementResetAndIfRunAsTrajectories) {
    const Circuit circuit = parse_qasm("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\ncreg c[3];\n"
                                       "h q[0];\nmeasure q[0] -> c[0];\nif (c == 1) x q[1];\nmeasure q[1] -> c[1];\n"
                                       "x q[2];\nreset q[2];\nmeasure q[2] -> c[2];\n");
    RunOptions options;
    options.shots = 2000;
    options.seed = 9;
    const RunResult result = run_circuit(world(), circuit, options);
    EXPECT_TRUE(result.trajectories);
    // c1 copies c0 through the condition; c2 is reset to 0: only 000 and 011.
    ASSERT_EQ(result.counts.size(), 2u);
    const double ones = static_cast<double>(result.counts.at("011"));
    EXPECT_EQ(result.counts.at("000") + result.counts.at("011"), 2000u);
    EXPECT_NEAR(ones, 1000, 6 * std::sqrt(2000 * 0.25)); // binomial(2000, 1/2), 6 sd
    // The same seed, the same counts on every rank.
    for (const auto& counts : world().gather(result.counts.at("011"))) EXPECT_EQ(counts, result.counts.at("011"));
}

TEST(RunCircuit, TinyStatesRunOnAnyRankCount) {
    // 1 to 3 qubits on up to 4 ranks: fewer amplitudes than ranks, or fewer
    // than two per rank. Amplitudes against the dense reference, with and
    // without fusion; reset and measurement run as trajectories with the
    // counts of each rank alone (an invariant of the rank count).
    const std::string gates[] = {
        "qreg q[1];\nh q[0];\nt q[0];\nsx q[0];\n",
        "qreg q[2];\nh q[0];\ncx q[0],q[1];\nrxx(0.7) q[0],q[1];\nu3(0.3,0.2,0.1) q[1];\n",
        "qreg q[3];\nh q[0];\nu3(0.3,0.2,0.1) q[1];\ncx q[0],q[2];\nrxx(0.7) q[1],q[2];\nccx q[0],q[1],q[2];\n"
        "cswap q[2],q[0],q[1];\n",
    };
    for (const std::string& body : gates)
        for (const bool fusion : {true, false}) {
            const Circuit circuit = parse_qasm("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" + body);
            RunOptions options;
            options.shots = 0;
            options.amplitudes = true;
            options.plan.fusion = fusion;
            const RunResult result = run_circuit(world(), circuit, options);
            qzone::testing::DenseState reference(circuit.qubits);
            for (const Operation& op : circuit.operations) reference.apply(op.gate);
            if (my_rank() != 0) continue;
            ASSERT_TRUE(result.amplitudes);
            for (std::size_t i = 0; i < reference.amplitudes().size(); ++i)
                EXPECT_LT(std::abs((*result.amplitudes)[i] - reference.amplitudes()[i]), 1e-12) << body << i;
        }
    const Circuit branching = parse_qasm("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\n"
                                         "h q[0];\ncx q[0],q[1];\nmeasure q[0] -> c[0];\nreset q[0];\n"
                                         "if (c == 1) x q[0];\nh q[1];\nmeasure q -> c;\n");
    RunOptions options;
    options.shots = 500;
    options.seed = 4;
    const RunResult together = run_circuit(world(), branching, options);
    const RunResult alone = run_circuit(RuntimeView(MPI_COMM_SELF), branching, options);
    EXPECT_TRUE(together.trajectories);
    EXPECT_EQ(together.counts, alone.counts);
}

TEST(RunCircuit, TeleportationDeliversTheStateThroughMeasurementAndConditions) {
    RunOptions options;
    options.shots = 4000;
    options.seed = 21;
    const RunResult result = run_circuit(world(), example("teleport.qasm"), options);
    EXPECT_TRUE(result.trajectories);
    std::size_t ones = 0; // keys are "result m1 m0"
    for (const auto& [key, count] : result.counts) ones += key[0] == '1' ? count : 0;
    const double p = std::pow(std::sin(0.6), 2); // |<1| ry(1.2) |0>|^2
    EXPECT_NEAR(static_cast<double>(ones), p * 4000, 6 * std::sqrt(4000 * p * (1 - p)));
}

TEST(RunCircuit, MetricsCountOperationsTimesAndExchangedBytes) {
    // H on every qubit: the qubits that start between chunks (the chunk
    // count is 2^g) come inside them in one exchange stage, in which each
    // chunk keeps 1/2^g of its amplitudes and sends the rest once.
    const Circuit circuit = parse_qasm("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[7];\nh q;\nx q[0];\n");
    RunOptions options;
    options.shots = 0;
    options.metrics = true;
    options.state.share_node_memory = false; // every pair of another rank goes through MPI
    options.plan.fusion = false;              // one step per gate
    const RunResult result = run_circuit(world(), circuit, options);
    ASSERT_TRUE(result.metrics.has_value());
    const RunMetrics& m = *result.metrics;
    const bool exchanges = result.chunks > 1;
    ASSERT_EQ(m.by_kind.size(), exchanges ? 3u : 2u); // exchange, h, x (by name)
    const OperationMetrics& h = m.by_kind[exchanges ? 1 : 0];
    EXPECT_EQ(h.name, "h");
    EXPECT_EQ(h.count, 7u);
    EXPECT_EQ(h.bytes_exchanged, 0u); // kernels inside chunks send nothing
    EXPECT_EQ(m.by_step.size(), exchanges ? 9u : 8u);
    EXPECT_EQ(m.by_step[0].step, 1u); // h q[0]: its qubit starts inside chunks
    EXPECT_EQ(m.total.count, exchanges ? 9u : 8u);
    EXPECT_LE(m.total.seconds_min, m.total.seconds_mean);
    EXPECT_LE(m.total.seconds_mean, m.total.seconds_max);
    const std::uint64_t state_bytes = (1u << 7) * 16;
    const std::uint64_t moved = exchanges ? state_bytes - state_bytes / result.chunks : 0u;
    if (result.chunks <= world().size()) EXPECT_EQ(m.total.bytes_exchanged, moved); // a chunk per rank at most
    else EXPECT_LT(m.total.bytes_exchanged, moved); // partners on the same rank trade in memory
    if (exchanges) {
        EXPECT_EQ(m.by_kind[0].name, "exchange");
        EXPECT_EQ(result.plan.exchange_stages, 1u);
    }
    EXPECT_EQ(result.plan.unfused_gates, 8u);
    EXPECT_EQ(result.plan.passes, exchanges ? 9u : 8u);
    ASSERT_EQ(m.peak_memory_bytes.size(), world().size());
    for (double peak : m.peak_memory_bytes) EXPECT_GT(peak, 0);
}

TEST(RunCircuit, FinalStateRequestsAreRefusedWhereTheyMeanNothing) {
    const Circuit branching = parse_qasm("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\n"
                                         "measure q[0] -> c[0];\nx q[0];\n");
    RunOptions options;
    options.probabilities = true;
    EXPECT_THROW(run_circuit(world(), branching, options), InputError);
    RunOptions listing;
    listing.amplitudes = true;
    listing.max_listed_qubits = 4;
    EXPECT_THROW(run_circuit(world(), example("grover.qasm").qubits > 4 ? example("grover.qasm") : example("qft.qasm"),
                             listing),
                 InputError);
    RunOptions observable;
    observable.expectations = {"Z9"};
    EXPECT_THROW(run_circuit(world(), example("grover.qasm"), observable), InputError);
}
