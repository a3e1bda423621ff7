#!/usr/bin/env bash
# Records engine on SQLite and PostgreSQL beside a raw Dapper baseline in the same run: creates/s through
# HTTP (1 and 8 clients), CSV import rows/s, page and group-by latency on a 1,000,000-row model, and the
# "department and below" scoped run. Shrink with LOWCODE_BENCH_ROWS=100000 (also LOWCODE_BENCH_CREATES,
# LOWCODE_BENCH_IMPORT_ROWS, LOWCODE_BENCH_RUNS, LOWCODE_BENCH_ONLY=creates); pick databases with arguments: build/bench records sqlite
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$root/Platform.Api" -c Release --nologo --verbosity quiet >/dev/null
dotnet build "$root/build/benchmarks/RecordsBench" -c Release --nologo --verbosity quiet >/dev/null
if [ -z "${LOWCODE_BENCH_POSTGRES:-}" ]; then LOWCODE_BENCH_POSTGRES=$(bash "$root/build/postgres") || LOWCODE_BENCH_POSTGRES=""; fi
export LOWCODE_BENCH_POSTGRES
exec dotnet "$root/build/benchmarks/RecordsBench/bin/Release/net10.0/RecordsBench.dll" "$@"
