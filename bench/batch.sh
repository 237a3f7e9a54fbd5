#!/usr/bin/env bash
# bench/batch.sh QZONE BENCH_BATCH [TASKS]
# The throughput targets of qzone batch (docs/batch.md), on 2 ranks as 2
# groups of 1, for TASKS (default 2000) tasks of a 12-qubit, ~100-gate
# random circuit with 100 shots each (seeds differ):
#  1. qzone batch (the executable, results written) against launching
#     `qzone run` once per task (20 launches timed, two at a time on the two
#     cores): target >= 20x;
#  2. run_batch (qzone-bench-batch) against the same tasks in a plain loop in
#     one process per rank: target >= 0.8;
#  3. 4 ranks in groups of 2, every 5th task ~10x costlier (16 qubits): each
#     group's busy fraction, target >= 0.9.
# Run nothing else meanwhile.
set -euo pipefail
qzone=$1 bench=$2 tasks=${3:-2000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_MCA_rmaps_base_oversubscribe=1
python3 "$here/make_circuit.py" random 12 --depth 6 --seed 1 > "$work/c12.qasm"
python3 "$here/make_circuit.py" random 16 --depth 6 --seed 2 > "$work/c16.qasm"
for i in $(seq 0 $((tasks - 1))); do echo "{\"id\": \"$i\", \"circuit\": \"c12.qasm\", \"shots\": 100, \"seed\": $i}"; done \
  > "$work/tasks.jsonl"

start=$(date +%s.%N)
mpiexec -n 2 "$qzone" batch "$work/tasks.jsonl" --output "$work/results.jsonl" > "$work/summary.json"
end=$(date +%s.%N)
batch_rate=$(python3 -c "print($tasks / ($end - $start))")
start=$(date +%s.%N)
for i in $(seq 1 10); do
  mpiexec -n 1 "$qzone" run "$work/c12.qasm" --shots 100 --seed "$i" --output "$work/a.json" < /dev/null > /dev/null 2>&1 &
  mpiexec -n 1 "$qzone" run "$work/c12.qasm" --shots 100 --seed "$i" --output "$work/b.json" < /dev/null > /dev/null 2>&1
  wait
done
end=$(date +%s.%N)
launch_rate=$(python3 -c "print(20 / ($end - $start))")
echo "1. qzone batch, 2 ranks, groups of 1: $batch_rate tasks/s (wall time with start-up, results written)"
echo "   qzone run launched per task, two at a time: $launch_rate tasks/s"
python3 -c "print('   ratio %.1f (target >= 20)' % ($batch_rate / $launch_rate))"
echo "2. run_batch against a loop in one process per rank:"
mpiexec -n 2 "$bench" "$work/c12.qasm" --tasks "$tasks" --shots 100 | sed 's/^/   /'
echo "3. uneven tasks, 4 ranks in groups of 2 (every 5th task 16 qubits):"
mpiexec -n 4 "$bench" "$work/c12.qasm" --tasks "$((tasks / 2))" --shots 100 --group-size 2 \
  --slow "$work/c16.qasm" --slow-every 5 | sed 's/^/   /'
