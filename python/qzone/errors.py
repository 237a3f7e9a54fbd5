"""The exceptions qzone raises: one class per kind of failure, as in C++.

Every error of the engine is raised on every rank together (the ranks agree
before anyone raises), so a script under ``mpirun`` never hangs on a rank
that failed alone.
"""


class Error(Exception):
    """Base class of every error qzone raises."""


class InputError(Error, ValueError):
    """The request is wrong: an option, the circuit, an observable, an index,
    an unusable checkpoint."""


class QasmError(InputError):
    """A malformed OpenQASM program; the message names file, line and column."""


class UnsupportedInstructionError(InputError):
    """A Qiskit instruction qzone cannot run; the message names it."""


class ResourceError(Error, MemoryError):
    """A valid request that does not fit: memory, devices, qubits inside chunks."""


class IoError(Error, OSError):
    """The file system failed: a file cannot be created, written or read."""


class MpiError(Error):
    """An MPI call failed."""


class InternalError(Error):
    """An invariant of qzone itself does not hold (a bug: please report it)."""


class RunInterrupted(Error):
    """Not a failure: a run stopped on request."""


__all__ = [
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
