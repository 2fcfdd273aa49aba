#!/usr/bin/env bash
# The main job: fetch Fashion-MNIST (Debian package, cached under .data/), pretrain a SimCLR encoder on it for
# 10 minutes (the PyTorch reference's 600 s) on the CPU, evaluate linear probes against baselines, print `RESULT {json}` last.
# Extra arguments go to the sample (see --help), e.g. --encoder resnet18 --minutes 60 --device cuda.
set -euo pipefail
cd "$(dirname "$0")/.."
bash samples/scripts/ensure-system-packages.sh
bash samples/scripts/fetch-fashion-mnist.sh >/dev/null
exec dotnet run -c Release --project samples/FashionMnistSimClr -- "$@"
