#!/usr/bin/env bash
# SslDsl benchmarks (see README.md next to this script).
#   tests/SslDsl.Benchmarks/run.sh --compare   the same training step: generated trainer (fp32, bf16), hand-written TorchSharp,
#                                              PyTorch eager fp32 and PyTorch CPU bf16 autocast (about 10 minutes on 2 cores)
#   tests/SslDsl.Benchmarks/run.sh --quick     short Stopwatch run of augmentation cost and generated vs hand-written (about 3 minutes)
#   tests/SslDsl.Benchmarks/run.sh --tsne      t-SNE of 2,000 and 10,000 points: exact and Barnes–Hut time, trustworthiness (docs/tsne.md)
#   tests/SslDsl.Benchmarks/run.sh --monitoring  what the online probe and health measurements cost an epoch (docs/evaluation.md)
#   tests/SslDsl.Benchmarks/run.sh --attention   full vs sliding-window attention at 512 / 2,048 / 4,096 tokens: time and peak memory (docs/long-sequences.md)
#   tests/SslDsl.Benchmarks/run.sh             BenchmarkDotNet, short job (1 warm-up, 5 iterations) + MemoryDiagnoser
# Other arguments go to the program: --threads N, --rounds N, --resnet-rounds N, --steps N, --cases ..., --points N,N and --methods exact,barneshut (t-SNE), BenchmarkDotNet's --filter ...
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ " $* " == *" --compare "* ]] && command -v dpkg >/dev/null 2>&1 \
  && ! { dpkg -s python3-torch && dpkg -s libopenblas0-openmp; } >/dev/null 2>&1; then
  # The PyTorch side: Debian's python3-torch, with the OpenMP OpenBLAS (the default reference BLAS is ~4 GFLOP/s).
  echo "run.sh: installing python3-torch and libopenblas0-openmp for the PyTorch side (tests/ensure-test-packages.sh)" >&2
  bash tests/ensure-test-packages.sh || echo "run.sh: could not install them; the PyTorch columns will be skipped" >&2
fi
dotnet build tests/SslDsl.Benchmarks -c Release -nologo -v quiet
exec dotnet run -c Release --no-build --project tests/SslDsl.Benchmarks -- "$@"
