#!/usr/bin/env bash
# The 200-field form benchmark: builds the bench pages (Platform.Designer/bench) with vite and times
# the first complete frame of our renderer, react-jsonschema-form and plain inputs in headless
# Chromium, in the same run. BENCH_ROUNDS sets the loads per page (default 15).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/Platform.Designer"
[ -d "$root/node_modules" ] || (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
npx --no-install vite build -c bench/vite.config.ts >/dev/null
node bench/run.mjs
