#!/usr/bin/env bash
# The failure test: 3 API processes on one PostgreSQL, one SIGKILLed every few seconds.
# usage: build/bench workflows-failover [instances=1000] [kill-every-seconds=3]   (the issue's full run: 5000)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pg=$(bash "$root/build/postgres")
dotnet build "$root/Platform.Api" -c Release --nologo -v q >/dev/null
dotnet build "$root/build/benchmarks/WorkflowFailover" -c Release --nologo -v q >/dev/null
dotnet "$root/build/benchmarks/WorkflowFailover/bin/Release/net10.0/WorkflowFailover.dll" \
  "$root/Platform.Api/bin/Release/net10.0/Platform.Api.dll" "$pg" "${1:-1000}" "${2:-3}"
