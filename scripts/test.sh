#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs Deno (npm), starts Docker, builds the
# test images, runs every test, and ends with one plain line "N passed, N failed".
# Usage: scripts/test.sh [deno test arguments, e.g. a path or --filter NAME]
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

closing() { printf '%s passed, %s failed\n' "$1" "$2"; }

if ! scripts/build_images.sh; then # starts Docker first
  echo "test: error: the Docker engine or the test images are not available (see above)" >&2
  closing 0 1
  exit 1
fi
if ! scripts/ensure_test_tools.sh; then
  echo "test: error: the tools the tests compare against are not available (see above)" >&2
  closing 0 1
  exit 1
fi

log=$(mktemp /tmp/kubeno-test.XXXXXX)
trap 'rm -f "$log"' EXIT
NO_COLOR=1 scripts/deno test --allow-all --parallel "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Deno's summary: "ok | 12 passed (3 steps) | 0 failed (2s)" or "FAILED | 11 passed | 1 failed".
summary=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$log" | tail -n 1)
if [[ -z "$summary" ]]; then
  echo "test: error: deno test ended (exit $status) without a summary" >&2
  closing 0 1
  exit 1
fi
passed=$(sed -E 's/^[A-Za-z]+ \| ([0-9]+) passed.*/\1/' <<<"$summary")
failed=$(sed -E 's/.*\| ([0-9]+) failed.*/\1/' <<<"$summary")
if [[ "$status" -ne 0 && "$failed" -eq 0 ]]; then
  failed=1 # the runner failed outside any test (type error, leaked op at exit...)
fi
closing "$passed" "$failed"
exit "$status"
