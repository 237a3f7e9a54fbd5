"""The ranks qzone runs on, and the lifetime of MPI and Kokkos in Python.

MPI and Kokkos start once per process. The first use of qzone starts them
(or adopts them, when mpi4py or the host program started MPI first) through
a view of this process alone, which is not collective; it is closed last,
at interpreter exit, after every Runtime and State still open, and only
finalizes what it started.
"""

from __future__ import annotations

import atexit
import weakref
from typing import Any, Optional

from ._loader import _core

_anchor: Optional[Any] = None
_world: Optional["Runtime"] = None
_open: "weakref.WeakSet[Any]" = weakref.WeakSet()  # Runtimes still open


def _start() -> None:
    global _anchor
    if _anchor is None:
        _anchor = _core.Runtime.on_self()


def track(runtime: "Runtime") -> None:
    """Closes `runtime` at exit, before the view that started MPI and Kokkos."""
    _open.add(runtime)


@atexit.register
def _close_everything() -> None:
    global _anchor, _world
    _core.close_all_states()  # kept states, even those only NumPy arrays still view
    for runtime in list(_open):  # none of them started MPI or Kokkos
        runtime.close()
    _world = None
    if _anchor is not None:
        _anchor.close()
        _anchor = None


class Runtime:
    """A view of the ranks qzone spreads a state over.

    ``Runtime()`` is every rank of MPI_COMM_WORLD; ``Runtime(comm)`` the
    ranks of an mpi4py communicator (e.g. one made by ``comm.Split``), so a
    program can run qzone on part of its ranks. Building one is collective
    over its ranks.

    Raises:
        qzone.InputError: ``comm`` is not an mpi4py communicator, or MPI is
            not running when one is given.
        qzone.MpiError: MPI fails.
    """

    def __init__(self, comm: Any = None) -> None:
        _start()
        if comm is None:
            self._core = _core.Runtime.on_world()
        else:
            if not hasattr(comm, "py2f"):
                from .errors import InputError

                raise InputError(f"Runtime(comm): expected an mpi4py communicator, got {type(comm).__name__}")
            self._core = _core.Runtime.on_fortran_handle(comm.py2f())
        track(self)

    @property
    def rank(self) -> int:
        """This process's rank among the view's ranks."""
        return self._core.rank

    @property
    def size(self) -> int:
        """How many ranks the view has."""
        return self._core.size

    @property
    def node_count(self) -> int:
        """How many nodes the ranks run on."""
        return self._core.node_count

    def barrier(self) -> None:
        """Waits for every rank."""
        self._core.barrier()

    def agree(self, ok: bool, what: str = "", kind: str = "input") -> None:
        """Returns on every rank when ``ok`` holds on every rank; otherwise
        raises the same error (an InputError, or the class of ``kind``) on
        every rank, naming each failing rank with its ``what``. Collective."""
        self._core.agree(bool(ok), what, kind)

    def close(self) -> None:
        """Releases the view (done for you at exit)."""
        self._core.close()
        _open.discard(self)

    def __repr__(self) -> str:
        if self._core.closed:
            return "qzone.Runtime(closed)"
        return f"qzone.Runtime(rank={self.rank}, size={self.size}, nodes={self.node_count})"


def world() -> Runtime:
    """The Runtime of MPI_COMM_WORLD, made on first use and shared."""
    global _world
    if _world is None or _world._core.closed:
        _world = Runtime()
    return _world


__all__ = ["Runtime", "world"]
