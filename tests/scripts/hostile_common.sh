# Sourced by the hostile-input scripts. Needs `qzone` (the executable) and
# `script` (the name messages start with); counts failures in `failures`.
failures=0
fail() { echo "$script: FAILED: $*"; failures=$((failures + 1)); }

# expect RANKS CODE REGEX ARGS...: qzone's exit code (as mpiexec reports it)
# and a match in its output, within 60 s (a hang guard).
expect() {
  local ranks=$1 code=$2 regex=$3 output status
  shift 3
  output=$(timeout --kill-after=5 60 mpiexec -n "$ranks" "$qzone" "$@" 2>&1)
  status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then fail "np$ranks $*: no exit within 60 s (hang)"; return; fi
  [ "$status" -eq "$code" ] || { fail "np$ranks $*: exit code $status, expected $code"; printf '%s\n' "$output" | head -5; return; }
  grep -Eq -- "$regex" <<<"$output" || { fail "np$ranks $*: output does not match /$regex/"; printf '%s\n' "$output" | head -5; }
}
