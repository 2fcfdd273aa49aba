#!/usr/bin/env bash
# Installs Open MPI (Debian/Ubuntu: openmpi-bin, libopenmpi3; Open MPI 4.1 on Debian 12 / Ubuntu 22.04+) when mpirun
# or libmpi.so.40 is missing. Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

missing=()
dpkg -s openmpi-bin >/dev/null 2>&1 || missing+=(openmpi-bin)
dpkg -s libopenmpi3 >/dev/null 2>&1 || missing+=(libopenmpi3)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-open-mpi: ${missing[*]} missing and apt-get is not available; install Open MPI 4.x (mpirun and libmpi.so.40) with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-open-mpi: installing ${missing[*]}" >&2
$sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; } \
  || { echo "ensure-open-mpi: could not install ${missing[*]}: can this machine reach the Debian package registry?" >&2; exit 1; }
