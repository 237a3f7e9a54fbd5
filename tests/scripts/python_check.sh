#!/usr/bin/env bash
# python_check.sh SOURCE_DIR MPIEXEC WORK_DIR
# The Python package end to end: `pip install SOURCE_DIR` into a fresh venv
# with Qiskit, mpi4py and pytest from PyPI, then the pytest suite
# (tests/python) under mpirun on 1, 2 and 3 ranks, MPI started by either
# side first, a sub-communicator, a script without mpirun, and the example.
# Exit 77 (skipped) only when PyPI cannot be reached for the third-party
# packages; a package that does not build or install fails.
set -u
source_dir=$1 mpiexec=$2 work=$3
venv="$work/venv"
mkdir -p "$work"
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fail() { echo "python_check: FAILED: $*"; exit 1; }

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import qiskit, mpi4py, pytest" 2>/dev/null; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" > /dev/null 2>&1 ||
     ! "$venv/bin/pip" install -q "qiskit>=1.3" mpi4py pytest > "$work/pip-deps.log" 2>&1; then
    echo "python_check: SKIPPED: cannot install qiskit, mpi4py and pytest from PyPI (see $work/pip-deps.log)"; exit 77
  fi
fi
# The package itself, built by pip through scikit-build-core (the build
# folder is kept so that a second run only recompiles what changed).
"$venv/bin/pip" install -q --force-reinstall --no-deps -C build-dir="$work/build" "$source_dir" \
  > "$work/pip-qzone.log" 2>&1 || { tail -30 "$work/pip-qzone.log"; fail "pip install $source_dir"; }
python="$venv/bin/python"
cd "$work" || exit 1 # not the source folder: import the installed package

for ranks in 1 2 3; do
  # Every rank runs every test; ranks above 0 write their report to a file.
  timeout 900 "$mpiexec" -n "$ranks" bash -c '
    if [ "${OMPI_COMM_WORLD_RANK:-0}" = 0 ]; then exec "$0" -m pytest -q -p no:cacheprovider "$1"
    else exec "$0" -m pytest -q -p no:cacheprovider "$1" > "$2.rank$OMPI_COMM_WORLD_RANK" 2>&1; fi' \
    "$python" "$source_dir/tests/python" "$work/pytest.np$ranks" ||
    { cat "$work"/pytest.np"$ranks".rank* 2>/dev/null | tail -40; fail "pytest on $ranks ranks"; }
done

# MPI started by mpi4py first, then by qzone first: each side finalizes only
# what it started, and the job exits cleanly.
bell='OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; creg c[2]; h q[0]; cx q[0], q[1]; measure q -> c;'
timeout 120 "$mpiexec" -n 2 "$python" -c "
from mpi4py import MPI
import qzone
counts = qzone.run('$bell', shots=100, seed=1).counts
assert MPI.Is_initialized() and not qzone.world()._core.started_mpi
assert sorted(counts) == ['00', '11'], counts" || fail "mpi4py first"
timeout 120 "$mpiexec" -n 2 "$python" -c "
import qzone
counts = qzone.run('$bell', shots=100, seed=1).counts
from mpi4py import MPI
assert MPI.COMM_WORLD.allgather(counts) == [counts] * 2" || fail "qzone first"
timeout 120 "$python" -c "
import qzone
assert qzone.run('$bell', shots=100, seed=1).counts.keys() <= {'00', '11'}" || fail "without mpirun"
# Two groups of a split communicator run different circuits at once.
timeout 120 "$mpiexec" -n 3 "$python" -c "
from mpi4py import MPI
import qzone
world = MPI.COMM_WORLD
group = world.Split(world.rank // 2, world.rank)
runtime = qzone.Runtime(group)
assert runtime.size == group.size
theta = 0.3 + world.rank // 2
source = 'OPENQASM 2.0; include \"qelib1.inc\"; qreg q[4]; ry(%r) q[3]; cx q[3], q[0];' % theta
value = qzone.run(source, shots=0, observables=['Z0'], runtime=runtime).expectation_values[0]
import math; assert abs(value - math.cos(theta)) < 1e-12, value" || fail "a sub-communicator"
# The documented example.
timeout 300 "$mpiexec" -n 2 "$python" "$source_dir/examples/python/qiskit_example.py" > "$work/example.out" 2>&1 ||
  { cat "$work/example.out"; fail "examples/python/qiskit_example.py"; }
grep -q "agrees with qiskit.quantum_info" "$work/example.out" || { cat "$work/example.out"; fail "example output"; }
echo "python_check: all checks passed"
