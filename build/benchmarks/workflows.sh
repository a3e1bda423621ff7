#!/usr/bin/env bash
# Workflow trigger latency and create throughput on SQLite, beside a same-run baseline.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet run --project "$root/build/benchmarks/WorkflowBench" -c Release --nologo -v q
