// A GHZ state on n qubits, through the C++ API: build a layout and a state
// from a RuntimeView, apply gates by name and as values, sample shots,
// measure expectation values, and print the result as JSON from rank 0.
//
//   mpirun -np 2 qzone-ghz --qubits 24 --shots 1000 --seed 7

#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <runtime/apply_gate.hpp>
#include <runtime/distributed_state.hpp>
#include <runtime/measurement.hpp>
#include <runtime/runtime_view.hpp>

int main(int argc, char** argv) {
    const qzone::RuntimeView runtime; // the command line is ours (Kokkos would answer --help)
    const bool root = runtime.my_resource_set().mpi_rank() == 0;

    CLI::App app{"Prepares an n-qubit GHZ state on all ranks and samples it."};
    unsigned qubits = 20;
    std::size_t shots = 1000;
    std::uint64_t seed = 1;
    app.add_option("--qubits", qubits, "number of qubits")->check(CLI::Range(1u, 40u));
    app.add_option("--shots", shots, "samples to draw");
    app.add_option("--seed", seed, "random seed (same samples for any rank count)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Every rank parses the same arguments; only rank 0 speaks.
        return root ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 1);
    }

    try {
        // The layout: 2^n amplitudes in chunks spread over the ranks.
        const auto layout = qzone::PartitionLayout::balanced(qubits, runtime.size());
        qzone::DistributedState state(runtime, layout);

        // |0...0> -> (|0...0> + |1...1>)/sqrt(2): H, then a CNOT ladder.
        qzone::apply_gate(state, "h", {0});
        for (unsigned q = 0; q + 1 < qubits; ++q) qzone::apply_gate(state, qzone::gates::cx(q, q + 1));

        qzone::Rng rng(seed);
        std::map<std::string, std::size_t> counts;
        for (std::uint64_t index : qzone::sample(state, shots, rng)) {
            std::string bits(qubits, '0'); // highest qubit first, as Qiskit prints
            for (unsigned q = 0; q < qubits; ++q)
                if (index >> q & 1) bits[qubits - 1 - q] = '1';
            ++counts[bits];
        }
        const std::string all_x(qubits, 'X');
        std::vector<unsigned> every_qubit(qubits);
        for (unsigned q = 0; q < qubits; ++q) every_qubit[q] = q;
        const double zz = qzone::expectation(state, qzone::PauliString::parse("Z0 Z" + std::to_string(qubits - 1)));
        const double xx = qzone::expectation(state, qzone::PauliString(every_qubit, all_x));
        const double p_last = qzone::probability(state, qubits - 1, 1);

        if (root) {
            const nlohmann::json result = {
                {"circuit", "ghz"},
                {"qubits", qubits},
                {"ranks", runtime.size()},
                {"chunks", layout.chunk_count()},
                {"shots", shots},
                {"seed", seed},
                {"counts", counts},
                {"expectations", {{"Z0 Z" + std::to_string(qubits - 1), zz}, {"X^n", xx}}},
                {"probability_last_qubit_is_1", p_last}};
            std::cout << result.dump(2) << std::endl;
        }
        return 0;
    } catch (const std::exception& e) {
        if (root) std::fprintf(stderr, "qzone-ghz: error: %s\n", e.what());
        return 1;
    }
}
