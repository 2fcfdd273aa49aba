#!/usr/bin/env bash
# Installs the Debian packages SslDsl's plots need (fonts for ScottPlot/SkiaSharp text, fontconfig), when missing.
# Idempotent; needs root only when something is missing.
set -euo pipefail

missing=()
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
dpkg -s libfontconfig1 >/dev/null 2>&1 || missing+=(libfontconfig1)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-packages: missing ${missing[*]} and apt-get is not available; install them with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-system-packages: installing ${missing[*]}" >&2
$sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
