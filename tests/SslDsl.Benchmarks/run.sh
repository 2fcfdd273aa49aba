#!/usr/bin/env bash
# SslDsl benchmarks (see README.md next to this script).
#   tests/SslDsl.Benchmarks/run.sh --quick     short Stopwatch run of everything (about 3 minutes on 2 cores), table with ratios
#   tests/SslDsl.Benchmarks/run.sh             BenchmarkDotNet, short job (1 warm-up, 5 iterations) + MemoryDiagnoser
# Other arguments go to the program: --threads N, --rounds N, --resnet-rounds N (quick), BenchmarkDotNet's --filter ...
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/SslDsl.Benchmarks -c Release -nologo -v quiet
exec dotnet run -c Release --no-build --project tests/SslDsl.Benchmarks -- "$@"
