"""qzone for Qiskit users, named where Qiskit Aer puts its own:

    from qzone.qiskit import QzoneSimulator, SamplerV2, EstimatorV2

All of it works unchanged under ``mpirun``: the state is spread over the
ranks and every rank gets the same results. See docs/python.md.
"""

from .backend import QzoneJob, QzoneSimulator
from .convert import Program, to_circuit
from .estimator import EstimatorV2
from .sampler import SamplerV2

__all__ = ["QzoneSimulator", "QzoneJob", "SamplerV2", "EstimatorV2", "Program", "to_circuit"]
