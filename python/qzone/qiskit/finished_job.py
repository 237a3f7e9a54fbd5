"""A primitive job that has run by the time it is returned."""

from __future__ import annotations

import uuid
from typing import Optional

from qiskit.primitives import BasePrimitiveJob
from qiskit.providers import JobStatus


class FinishedJob(BasePrimitiveJob):
    """A primitive job run at once in the calling thread: MPI is called by
    the thread that runs the script, and collectives keep the program's
    order on every rank. An error of the run is raised by ``result()``, as
    Qiskit's jobs do."""

    def __init__(self, work, *args) -> None:
        super().__init__(job_id=str(uuid.uuid4()))
        self._result = None
        self._error: Optional[BaseException] = None
        try:
            self._result = work(*args)
        except Exception as error:  # noqa: BLE001  (kept for result())
            self._error = error

    def result(self):
        if self._error is not None:
            raise self._error
        return self._result

    def status(self) -> JobStatus:
        return JobStatus.ERROR if self._error is not None else JobStatus.DONE

    def done(self) -> bool:
        return True

    def running(self) -> bool:
        return False

    def cancelled(self) -> bool:
        return False

    def in_final_state(self) -> bool:
        return True

    def cancel(self) -> None:
        return None


__all__ = ["FinishedJob"]
