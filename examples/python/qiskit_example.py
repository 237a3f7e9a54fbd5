"""qzone from Qiskit, on any number of ranks:

    pip install ".[qiskit,mpi]"
    mpirun -np 2 python examples/python/qiskit_example.py

Every rank runs this script; the state is spread over the ranks and every
rank gets the same results. Rank 0 prints them.
"""

import numpy as np
from qiskit import QuantumCircuit, transpile
from qiskit.circuit.library import efficient_su2
from qiskit.quantum_info import SparsePauliOp, Statevector

import qzone
from qzone.qiskit import EstimatorV2, QzoneSimulator, SamplerV2

runtime = qzone.world()
say = print if runtime.rank == 0 else (lambda *args: None)
say(f"qzone {qzone.__version__} on {runtime.size} rank(s)")

# A backend job: a GHZ circuit, transpiled to qzone's native gates.
ghz = QuantumCircuit(12)
ghz.h(0)
for q in range(11):
    ghz.cx(q, q + 1)
ghz.measure_all()
backend = QzoneSimulator()
counts = backend.run(transpile(ghz, backend), shots=2000, seed_simulator=1).result().get_counts()
say("GHZ-12 counts:", counts)

# An estimator sweep: a 10-qubit ansatz, 5 parameter sets, 2 observables.
ansatz = efficient_su2(10, reps=2)
values = np.random.default_rng(7).uniform(-np.pi, np.pi, size=(5, 1, ansatz.num_parameters))
observables = [[SparsePauliOp.from_list([("Z" * 10, 1.0)]),
                SparsePauliOp.from_list([("XXIIIIIIII", 0.5), ("IIIIIIIIYY", -0.25)])]]
evs = EstimatorV2().run([(ansatz, observables, values)]).result()[0].data.evs
exact = np.array([[Statevector(ansatz.assign_parameters(v[0])).expectation_value(o).real for o in observables[0]]
                  for v in values])
say("expectation values (5 x 2):\n", evs)
assert np.allclose(evs, exact, atol=1e-9)

# A sampler sweep over a parameter array.
qc = QuantumCircuit(2)
theta = ansatz.parameters[0]
qc.h(0)
qc.crx(theta, 0, 1)
qc.measure_all()
result = SamplerV2(seed=3).run([(qc, [[0.5], [1.5], [2.5]])], shots=1000).result()
say("sampler counts:", [result[0].data.meas[i].get_counts() for i in range(3)])
say("estimator agrees with qiskit.quantum_info to 1e-9")
