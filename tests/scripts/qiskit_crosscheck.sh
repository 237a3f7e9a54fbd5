#!/usr/bin/env bash
# qiskit_crosscheck.sh QZONE MPIEXEC CIRCUIT_DIR WORK_DIR [SCRIPT]
# Installs Qiskit from PyPI into WORK_DIR/venv (once) and runs SCRIPT
# (default qiskit_crosscheck.py; openqasm3_crosscheck.py for OpenQASM 3).
# Exit 77 (skipped) when Python or PyPI is unavailable.
set -u
qzone=$1 mpiexec=$2 circuits=$3 work=$4 script=${5:-qiskit_crosscheck.py}
venv="$work/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import qiskit" 2>/dev/null; then
  if ! python3 -m venv "$venv" > /dev/null 2>&1 || ! "$venv/bin/pip" install -q "qiskit>=2.1" > "$work.pip.log" 2>&1; then
    echo "qiskit_crosscheck: SKIPPED: cannot install Qiskit from PyPI (see $work.pip.log)"; exit 77
  fi
fi
exec "$venv/bin/python" "$(dirname "$0")/$script" "$qzone" "$mpiexec" "$circuits" "$work"
