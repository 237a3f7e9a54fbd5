"""qzone: a distributed state-vector simulator, from Python.

    import qzone
    result = qzone.run("bell.qasm", shots=1000)        # OpenQASM text, a path, or a QuantumCircuit
    print(result.counts)

Under ``mpirun -np N python script.py`` the state is spread over the N ranks
and every rank gets the same results; with mpi4py, ``qzone.Runtime(comm)``
runs on the ranks of a sub-communicator. Qiskit: ``qzone.qiskit``
(QzoneSimulator, SamplerV2, EstimatorV2). See docs/python.md.
"""

from ._loader import _core
from . import errors
from .errors import *  # noqa: F401,F403  (every exception class, listed in errors.__all__)
from .runtime import Runtime, world
from .simulation import MAX_LISTED_QUBITS, Result, State, run

__version__ = _core.__version__

__all__ = ["run", "Result", "State", "Runtime", "world", "MAX_LISTED_QUBITS"] + errors.__all__
