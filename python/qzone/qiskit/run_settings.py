"""What qzone's Qiskit primitives pass to every run, and a PUB's parameter rows."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .. import simulation
from ..errors import InputError
from ..runtime import Runtime, world
from .convert import MAX_WHILE_ITERATIONS, Program


#: The options of the engine and the converter that the backend and the
#: primitives take alike.
ENGINE_OPTIONS = ("precision", "fusion", "fusion_max_qubits", "max_memory", "exchange_buffer", "share_node_memory",
                  "max_while_iterations")


class RunSettings:
    """What the backend and the primitives pass to every run."""

    def __init__(self, runtime: Optional[Runtime], seed: Optional[int], options: dict) -> None:
        unknown = set(options) - set(ENGINE_OPTIONS)
        if unknown:
            raise InputError(f"unknown option(s): {', '.join(sorted(unknown))}")
        self._runtime = runtime
        self.seed = seed
        self.precision = options.get("precision", "double")
        self.max_while_iterations = options.get("max_while_iterations", MAX_WHILE_ITERATIONS)
        self.run_options = {k: v for k, v in options.items() if k not in ("precision", "max_while_iterations")}

    @property
    def runtime(self) -> Runtime:
        return self._runtime or world()

    def generator(self) -> np.random.Generator:
        """Random numbers that are the same on every rank."""
        seed = self.seed if self.seed is not None else self.runtime._core.common_random_seed()
        return np.random.default_rng(seed)

    def run(self, circuit: Any, **kwargs: Any) -> simulation.Result:
        return simulation.run(circuit, precision=self.precision, runtime=self.runtime, **self.run_options, **kwargs)


def parameter_rows(program: Program, pub: Any) -> np.ndarray:
    """The PUB's parameter values, shape (*pub shape, number of parameters),
    in the order of program.parameters."""
    bindings = pub.parameter_values
    if not program.parameters:
        return np.zeros(bindings.shape + (0,))
    return bindings.as_array(program.parameters)


__all__ = ["ENGINE_OPTIONS", "RunSettings", "parameter_rows"]
