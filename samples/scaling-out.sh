#!/usr/bin/env bash
# The data-parallel check: 2 ranks of SimCLR on localhost under Open MPI against one process on the same global
# batches; prints `RESULT {json}` last (ranks, steps, max_abs_param_diff_vs_single_process, global_negatives,
# allreduce_ms_per_step). Installs Open MPI (Debian/Ubuntu) when mpirun is missing. Extra arguments: [images] [data folder].
set -euo pipefail
cd "$(dirname "$0")/.."
bash samples/scripts/ensure-open-mpi.sh
bash samples/scripts/fetch-fashion-mnist.sh >/dev/null
dotnet build -c Release samples/ScalingOut >/dev/null
if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
exec mpirun -np "${RANKS:-2}" --oversubscribe dotnet samples/ScalingOut/bin/Release/net10.0/ScalingOut.dll "$@"
