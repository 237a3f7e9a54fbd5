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
from .errors import (
    Error,
    InputError,
    InternalError,
    IoError,
    MpiError,
    QasmError,
    ResourceError,
    RunInterrupted,
    UnsupportedInstructionError,
)
from .runtime import Runtime, world
from .simulation import MAX_LISTED_QUBITS, Result, State, run

__version__ = _core.__version__

__all__ = [
    "run",
    "Result",
    "State",
    "Runtime",
    "world",
    "MAX_LISTED_QUBITS",
    "Error",
    "InputError",
    "QasmError",
    "UnsupportedInstructionError",
    "ResourceError",
    "IoError",
    "MpiError",
    "InternalError",
    "RunInterrupted",
]
