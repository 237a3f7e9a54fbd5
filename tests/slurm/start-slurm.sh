#!/usr/bin/env bash
# start-slurm.sh STATE_DIR
# Stands up a one-node Slurm cluster for the tests (Debian 12, as root, no
# systemd): installs slurm-wlm, munge and libpmix-dev if missing, writes its
# own configuration to STATE_DIR/slurm.conf (clients need
# SLURM_CONF=STATE_DIR/slurm.conf; /etc/slurm is left alone), starts munged,
# slurmctld and slurmd by hand, recording their PIDs in STATE_DIR, and waits
# until the node is idle.
# Exit 77 when it cannot (not root, packages unavailable): the caller skips.
set -euo pipefail
state=$1
node=$(hostname -s)
say() { echo "[start-slurm] $*"; }
skip() { echo "[start-slurm] SKIPPED: $*"; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "needs root to install and run the Slurm daemons"
if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null ||
   [ ! -e /usr/lib/x86_64-linux-gnu/pmix2/lib/libpmix.so ]; then
  say "installing slurm-wlm munge libpmix-dev"
  # Keep the packages' scripts from starting daemons nobody would track.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  installed=0
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       slurm-wlm munge libpmix-dev > /dev/null; then installed=1; fi
  rm -f /usr/sbin/policy-rc.d
  [ "$installed" -eq 1 ] || skip "cannot install slurm-wlm, munge and libpmix-dev"
fi
if scontrol ping 2> /dev/null | grep -q 'is UP' || pgrep -f 'sbin/slurm(ctld|d)' > /dev/null; then
  skip "another Slurm controller or node daemon is already running on this machine"
fi

mkdir -p "$state"/{run,log,ctld,spool}
# munge: a key of our own if none exists, and the daemon as the munge user.
install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
install -d -o munge -g munge -m 0711 /var/lib/munge
install -d -o munge -g munge -m 0755 /run/munge
[ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
if ! munge -n 2> /dev/null | unmunge > /dev/null 2>&1; then
  rm -f /run/munge/munge.socket.2*
  setsid setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground \
    > "$state/log/munged.out" 2>&1 < /dev/null &
  echo $! > "$state/run/munged.pid"
  for _ in $(seq 50); do munge -n 2> /dev/null | unmunge > /dev/null 2>&1 && break; sleep 0.1; done
fi

# The node as slurmd sees it; a little less memory than it has, so it is never INVAL.
read -r cpus sockets cores threads memory < <(slurmd -C | head -1 | tr ' ' '\n' | awk -F= '
  $1=="CPUs"{c=$2} $1=="SocketsPerBoard"{s=$2} $1=="CoresPerSocket"{k=$2}
  $1=="ThreadsPerCore"{t=$2} $1=="RealMemory"{m=$2} END{print c, s, k, t, m}')
memory=$(( memory > 2048 ? memory - 1024 : memory / 2 ))
export SLURM_CONF="$state/slurm.conf"
cat > "$SLURM_CONF" <<CONF
# written by qzone's tests/slurm/start-slurm.sh: a one-node test cluster
ClusterName=qzonetest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=100000
MpiDefault=pmix
EnforcePartLimits=ALL
ReturnToService=2
MailProg=/bin/true
KillWait=5
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus Boards=1 SocketsPerBoard=$sockets CoresPerSocket=$cores ThreadsPerCore=$threads RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
setsid /usr/sbin/slurmctld -D -c -i -f "$SLURM_CONF" > "$state/log/slurmctld.out" 2>&1 < /dev/null &
echo $! > "$state/run/slurmctld.pid"
setsid /usr/sbin/slurmd -D -N "$node" -f "$SLURM_CONF" > "$state/log/slurmd.out" 2>&1 < /dev/null &
echo $! > "$state/run/slurmd.pid"

for i in $(seq 240); do
  case "$(sinfo -h -n "$node" -o '%T' 2> /dev/null || true)" in
    idle | mixed | allocated) say "node $node is up"; exit 0 ;;
    *down* | *drain* | *inval*) [ "$i" -eq 20 ] && scontrol update NodeName="$node" State=RESUME || true ;;
  esac
  sleep 0.25
done
tail -n 20 "$state/log/slurmctld.out" "$state/log/slurmd.out" >&2
echo "[start-slurm] FAILED: node $node did not become idle"
exit 1
