#!/usr/bin/env bash
# expect_failure.sh REGEX SECONDS COMMAND...
# Passes when COMMAND exits non-zero within SECONDS (no hang) and its combined
# output matches the extended REGEX. Prints the output either way.
set -u
regex=$1 seconds=$2
shift 2
output=$(timeout --kill-after=5 "$seconds" "$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "expect_failure: FAILED: no exit within ${seconds}s (hang)"; exit 1
fi
if [ "$status" -eq 0 ]; then
  echo "expect_failure: FAILED: exit code 0, expected a failure"; exit 1
fi
if ! printf '%s\n' "$output" | grep -Eq -- "$regex"; then
  echo "expect_failure: FAILED: output does not match /$regex/"; exit 1
fi
echo "expect_failure: exit code $status and the expected message"
