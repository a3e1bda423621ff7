#!/usr/bin/env bash
# Prepared expression condition over a 30-field record vs a C# lambda and un-prepared Jint; throughput with 2 threads.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$root/tests/Platform.Benchmarks" -c Release --nologo --verbosity quiet >/dev/null
exec dotnet "$root/tests/Platform.Benchmarks/bin/Release/net10.0/Platform.Benchmarks.dll" expressions "$@"
