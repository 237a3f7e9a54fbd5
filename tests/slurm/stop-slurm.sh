#!/usr/bin/env bash
# stop-slurm.sh STATE_DIR
# Cancels the test cluster's jobs and stops the daemons start-slurm.sh
# started, by their recorded PIDs only.
set -u
state=$1
export SLURM_CONF="$state/slurm.conf"
if [ -s "$state/run/slurmctld.pid" ]; then
  jobs=$(squeue -h -o %i 2> /dev/null)
  [ -n "$jobs" ] && scancel --full $jobs 2> /dev/null
  for _ in $(seq 40); do [ -z "$(squeue -h -o %i 2> /dev/null)" ] && break; sleep 0.25; done
fi
for daemon in slurmd slurmctld munged; do
  file="$state/run/$daemon.pid"
  [ -s "$file" ] || continue
  pid=$(cat "$file")
  # /usr/sbin/slurmctld is a symlink (to slurmctld-wlm on Debian): compare resolved paths.
  if [ "$(readlink "/proc/$pid/exe" 2> /dev/null)" = "$(readlink -f "/usr/sbin/$daemon")" ]; then
    kill -TERM "$pid" 2> /dev/null
    for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    [ -d "/proc/$pid" ] && kill -KILL "$pid" 2> /dev/null
  fi
  rm -f "$file"
done
echo "[stop-slurm] stopped"
