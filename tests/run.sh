#!/usr/bin/env bash
# Runs every test project of the solution and prints, last, `N passed, N failed, N skipped` summed over them.
set -uo pipefail
cd "$(dirname "$0")/.."
bash samples/scripts/ensure-system-packages.sh || exit 1
bash tests/ensure-test-packages.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Build everything first: the package tests pack the built outputs (all target frameworks), which a test run that
# builds projects while others already test would race with.
{ dotnet build SslDsl.sln -c Release && dotnet test SslDsl.sln -c Release --no-build; } 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed:     0, Passed:    62, Skipped:     0, Total: ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '^(Passed|Failed)! +- Failed:' "$log")
if [ "$status" -eq 0 ] && [ "$assemblies" -lt 7 ]; then
  echo "tests/run.sh: expected 7 test assemblies, saw $assemblies summaries" >&2
  status=1
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
