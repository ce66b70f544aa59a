#!/usr/bin/env bash
# A real scheduler in CI (issue 15): installs Debian's Slurm and munge if absent, starts a
# one-node cluster, runs `slant score --shard` as a 4-task job array and the merge as a job that
# depends on it (scripts/slurm/*.sbatch, the scripts docs/sharding.md shows), and compares the
# merged reports with a single run's, byte for byte.
#
# usage: scripts/slurm_check.sh CORPUS   (run from the repository root, as root, after
#        cargo build --release)
set -euo pipefail
corpus=$(realpath "${1:?usage: scripts/slurm_check.sh CORPUS}")
root=$(pwd)
slant=$root/target/release/slant
work=$root/target/ci-slurm
rm -rf "$work" && mkdir -p "$work/state" "$work/spool" "$work/run/logs"

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null
fi

host=$(hostname)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
cat > "$work/slurm.conf" <<CONF
ClusterName=slant-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF=$work/slurm.conf

# munge: a key, then the daemon (as its own user when that works).
mkdir -p /etc/munge /run/munge /var/log/munge /var/lib/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
chown -R munge: /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  su -s /bin/sh munge -c munged 2>/dev/null || munged --force
fi

started=$(date +%s%N)
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
stop() {
  pkill -f "$work/slurm.conf" 2>/dev/null || true
}
trap stop EXIT
for _ in $(seq 1 120); do
  sinfo -h -o %T 2>/dev/null | grep -qx idle && break
  sleep 0.25
done
sinfo -h -o %T | grep -qx idle || { echo "the one-node cluster did not come up" >&2; tail "$work"/*.log >&2; exit 1; }
echo "slurm: one-node cluster up in $(( ($(date +%s%N) - started) / 1000000 )) ms"

cd "$work/run"
export SLANT=$slant CORPUS=$corpus LEXICONS=$root/lexicons RUN=$work/run N=4
score=$(sbatch --parsable --array=1-4 --export=ALL "$root/scripts/slurm/score.sbatch")
merge=$(sbatch --parsable --dependency=afterok:"$score" --export=ALL "$root/scripts/slurm/merge.sbatch")
echo "slurm: score array $score (4 tasks), merge $merge after it"
for _ in $(seq 1 600); do
  [ -z "$(squeue -h -j "$score,$merge" 2>/dev/null)" ] && break
  # A failed shard leaves the merge pending for ever.
  if squeue -h -j "$merge" -o %r 2>/dev/null | grep -q DependencyNeverSatisfied; then
    scancel "$merge"
    break
  fi
  sleep 0.5
done
[ -f "$work/run/reports/run.json" ] || { echo "the merge job wrote no reports" >&2; cat logs/* >&2 || true; exit 1; }
cd "$root"

"$slant" score "$corpus" --lexicons "$root/lexicons" --quiet --no-cache --out "$work/single"
if ! diff -r "$work/single" "$work/run/reports"; then
  echo "the reports merged from the Slurm job array differ from one run" >&2
  exit 1
fi
echo "slurm: the 4 shards merged by the dependent job equal one run, byte for byte"
