#!/usr/bin/env bash
# The whole test suite: installs what it needs (Node 22, packages, Chromium, PostgreSQL,
# Debian's JupyterHub),
# then type-check, lint, the jest suites (unit, store tests on SQLite and PostgreSQL,
# routes on test backends) and the Playwright suite in Chromium against the real backend.
# Ends with a summary and "N passed, N failed"; exits non-zero on any failure.
#
#   scripts/test.sh              everything
#   ATRIUM_SKIP_E2E=1 scripts/test.sh   without the browser suite (quicker while iterating)
#   ATRIUM_SKIP_BENCH=1 scripts/test.sh without the benchmark smoke run
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ATRIUM_ROOT/scripts/services.sh"
cd "$ATRIUM_ROOT"
export CI="${CI:-true}" # backstage-cli repo test watches files unless CI is set

results_dir="$ATRIUM_ROOT/test-results"
rm -rf "$results_dir/jest.json" "$results_dir/e2e.json"
mkdir -p "$results_dir"
summary=()
failed_steps=0

step() {
  local name="$1"; shift
  local started=$SECONDS
  echo ""
  echo "=== $name"
  if "$@"; then
    summary+=("  ok    $name ($((SECONDS - started)) s)")
  else
    summary+=("  FAIL  $name ($((SECONDS - started)) s)")
    failed_steps=$((failed_steps + 1))
  fi
}

setup() {
  atrium_install && atrium_ensure_postgres && atrium_ensure_chromium &&
    atrium_ensure_jupyterhub && atrium_ensure_slapd && atrium_ensure_prometheus
}
step "install (Node $(node -v), packages, PostgreSQL, Chromium, JupyterHub, slapd, Prometheus)" setup
if [ "$failed_steps" -gt 0 ]; then
  printf '%s\n' "${summary[@]}"
  echo "atrium: 0 passed, 1 failed"
  exit 1
fi

step "type-check (tsc)" yarn tsc
step "lint" yarn backstage-cli repo lint
# Before jest: the production bundle test packs the built frontend.
step "frontend build" atrium_build_frontend
step "jest: unit, store (SQLite + PostgreSQL) and route tests" \
  yarn backstage-cli repo test --json --outputFile="$results_dir/jest.json"
if [ -z "${ATRIUM_SKIP_E2E:-}" ]; then
  step "browser suite (Playwright + Debian Chromium, real backend)" \
    env PLAYWRIGHT_JSON_OUTPUT_NAME="$results_dir/e2e.json" \
    node_modules/.bin/playwright test --reporter=list,json
fi

if [ -z "${ATRIUM_SKIP_BENCH:-}" ]; then
  step "benchmark smoke run (bench/workspaces.mjs, small scale)" \
    env ATRIUM_BENCH_SCALE=smoke node bench/workspaces.mjs
  step "benchmark smoke run (bench/platform-health.mjs, small scale)" \
    env ATRIUM_BENCH_SCALE=smoke node bench/platform-health.mjs
  step "benchmark smoke run (bench/costs.mjs, small scale)" \
    env ATRIUM_BENCH_SCALE=smoke node bench/costs.mjs
  step "benchmark smoke run (bench/results.mjs, small scale)" \
    env ATRIUM_BENCH_SCALE=smoke node bench/results.mjs
  step "benchmark smoke run (bench/data-access.mjs, small scale)" \
    env ATRIUM_BENCH_SCALE=smoke node bench/data-access.mjs
  step "benchmark smoke run (bench/conda-store.mjs, small scale)" \
    env ATRIUM_BENCH_SCALE=smoke node bench/conda-store.mjs
  step "benchmark smoke run (bench/load.mjs, 5 signed-in connections for 3 s)" \
    env ATRIUM_BENCH_SCALE=smoke node bench/load.mjs
fi

# Count tests from the runners' JSON reports; a failed step that ran no test counts as one failure.
read -r passed failed < <(node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  const read = f => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return undefined; } };
  const jest = read(process.argv[1]);
  if (jest) { passed += jest.numPassedTests; failed += jest.numFailedTests; }
  const e2e = read(process.argv[2]);
  if (e2e) { passed += e2e.stats.expected; failed += e2e.stats.unexpected + e2e.stats.flaky; }
  console.log(passed, failed);
' "$results_dir/jest.json" "$results_dir/e2e.json")
if [ "$failed_steps" -gt 0 ] && [ "$failed" -eq 0 ]; then failed=$failed_steps; fi

# Store tests run once per engine (TestDatabases' ids, e.g. SQLITE_3 and POSTGRES_15, in
# their titles): how many ran on each, so a suite that quietly lost one engine shows.
engines=$(node -e '
  const fs = require("fs");
  let jest;
  try { jest = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { process.exit(0); }
  const counts = {};
  for (const file of jest.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status !== "passed") continue;
      const m = /\b(SQLITE_\d+|POSTGRES_\d+|MYSQL_\d+)\b/.exec(t.fullName ?? "");
      if (m) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
    }
  }
  console.log(Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", "));
' "$results_dir/jest.json")

echo ""
echo "=== summary"
printf '%s\n' "${summary[@]}"
[ -n "$engines" ] && echo "store and route tests per database engine: $engines"
echo "atrium: $passed passed, $failed failed"
[ "$failed_steps" -eq 0 ] && [ "$failed" -eq 0 ]
