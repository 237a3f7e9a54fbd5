#!/usr/bin/env bash
# rank_invariance.sh "RANK COUNTS" COMMAND...
# Runs COMMAND under mpiexec with each rank count and passes when every run
# succeeds and prints the same output, once lines that name the rank or chunk
# count or a time are dropped, and the "plan" object (exchange stages depend
# on the layout).
set -euo pipefail
rank_counts=$1
shift
reference="" reference_ranks=""
for ranks in $rank_counts; do
  output=$(mpiexec -n "$ranks" "$@" | sed -E '/"plan": \{/,/^ *\},?$/d' | grep -v -E '"(ranks|chunks|[a-z_]*seconds)"')
  if [ -z "$reference" ]; then
    reference=$output reference_ranks=$ranks
    printf '%s\n' "$output"
  elif [ "$output" != "$reference" ]; then
    echo "rank_invariance: FAILED: output with $ranks ranks differs from $reference_ranks ranks:"
    diff <(printf '%s\n' "$reference") <(printf '%s\n' "$output") || true
    exit 1
  fi
done
echo "rank_invariance: identical output for rank counts $rank_counts"
