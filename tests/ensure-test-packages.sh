#!/usr/bin/env bash
# Installs the Debian packages the tests need besides the samples' ones: python3-torch, so that a test can load an
# exported encoder in PyTorch and compare a forward pass (about 190 MB, ~2 minutes once). Idempotent.
set -euo pipefail

dpkg -s python3-torch >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-packages: python3-torch is missing and apt-get is not available; install PyTorch for python3 and set SSLDSL_PYTHON" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-test-packages: installing python3-torch (once, ~2 minutes)" >&2
$sudo apt-get install -y --no-install-recommends python3-torch >/dev/null 2>&1 \
  || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends python3-torch >/dev/null; }
