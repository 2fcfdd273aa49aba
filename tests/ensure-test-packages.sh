#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks need besides the samples' ones (idempotent):
# - python3-torch, so that a test can load an exported encoder in PyTorch and compare a forward pass, and the
#   benchmark can run the same training step in PyTorch (about 190 MB, ~2 minutes once);
# - libopenblas0-openmp, an optimised BLAS for PyTorch's linear layers. Debian's python3-torch calls the system BLAS,
#   whose default (libblas3, the reference BLAS) runs at ~4 GFLOP/s; installing OpenBLAS makes the libblas.so.3
#   alternative point to it (it has the higher priority) unless an administrator pinned another one by hand;
# - openmpi-bin and libopenmpi3 (Open MPI 4.1), for the data-parallel tests under `mpirun -np 2`.
set -euo pipefail

packages=()
for package in python3-torch libopenblas0-openmp openmpi-bin libopenmpi3; do
  dpkg -s "$package" >/dev/null 2>&1 || packages+=("$package")
done
[ ${#packages[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-packages: ${packages[*]} missing and apt-get is not available; install PyTorch for python3 and set SSLDSL_PYTHON" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-test-packages: installing ${packages[*]} (once, ~2 minutes)" >&2
$sudo apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null; }
