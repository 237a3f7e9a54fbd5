#!/usr/bin/env bash
# small_dev_shm.sh PROGRAM ARGS...
# Runs PROGRAM under mpiexec with 2 ranks in a private mount namespace whose
# /dev/shm is a 12 MiB tmpfs (room for Open MPI's own segments, not for the
# state), as in a container with a small /dev/shm. Needs root; exit 77
# (skipped) without it.
set -u
if [ "$(id -u)" -ne 0 ] || ! unshare --mount true 2>/dev/null; then
  echo "small_dev_shm: SKIPPED: needs root and mount namespaces"; exit 77
fi
exec unshare --mount bash -c 'mount -t tmpfs -o size=12m tmpfs /dev/shm && exec mpiexec -n 2 "$@"' small_dev_shm "$@"
