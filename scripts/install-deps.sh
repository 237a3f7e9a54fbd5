#!/usr/bin/env bash
# Installs the Debian 12 packages qzone builds against, skipping what is
# already there. Run as root (or with sudo available). Idempotent.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libopenmpi-dev openmpi-bin          # MPI
  openssh-client                      # Open MPI 4 refuses to launch even local jobs without an rsh agent
  libtrilinos-kokkos-dev              # Kokkos 3.4.1 (Serial)
  libcereal-dev                       # serialization of non-trivial types
  libspdlog-dev                       # logger
  libcli11-dev                        # command line of the executables
  nlohmann-json3-dev                  # JSON output
  libgtest-dev libgmock-dev           # unit and MPI tests
  libbenchmark-dev                    # benchmarks
  clang-14 libclang-rt-14-dev         # the OpenQASM fuzz target (libFuzzer)
  python3 python3-venv python3-dev    # the Python package and its tests (Qiskit, mpi4py, nanobind come from PyPI)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
