#!/usr/bin/env bash
# npm run bench: install the peers and Lighthouse (bench/node_modules, from
# bench/package-lock.json) when missing or not at the locked versions,
# build Consentry in release mode, then measure (bench/run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_STARTED_MS=$(date +%s%3N)
export BENCH_STARTED_MS

# Every dependency of bench/package.json installed at its exact version?
if ! node -e '
  const deps = require("./bench/package.json").dependencies;
  for (const [name, version] of Object.entries(deps)) {
    const installed = require(`./bench/node_modules/${name}/package.json`).version;
    if (installed !== version) process.exit(1);
  }' 2>/dev/null; then
  echo "bench: installing the peers (npm ci --prefix bench)"
  npm ci --prefix bench --no-audit --no-fund
fi

bash scripts/build.sh
node bench/run.mjs
