"""Loads the C++ extension so that MPI works inside Python.

Open MPI loads its components with dlopen and expects the symbols of
libmpi to be global; an extension module is loaded with RTLD_LOCAL, so
libmpi is made global first (mpi4py does the same).
"""

import ctypes
import ctypes.util
import os


def _make_mpi_global() -> None:
    name = ctypes.util.find_library("mpi")
    if name is None:
        return
    try:
        ctypes.CDLL(name, mode=os.RTLD_NOW | os.RTLD_GLOBAL)
    except OSError:
        pass  # the extension's own link to libmpi then reports what is missing


_make_mpi_global()

from . import _core  # noqa: E402  (after libmpi is global)

__all__ = ["_core"]
