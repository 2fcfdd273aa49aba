#!/usr/bin/env bash
# Fetches Fashion-MNIST (Zalando Research, MIT licence) from Debian's package
# `dataset-fashion-mnist` without installing it: the .deb is downloaded into a
# temporary folder, unpacked with dpkg-deb, and the four gzipped IDX files are
# copied into <repo>/.data/fashion-mnist/ (git-ignored).
#
# Idempotent: does nothing when all four files are already present and non-empty.
# Each file is written to a temporary name in the target folder, then renamed.
# Prints the folder on stdout (everything else goes to stderr). Works from any cwd.
set -euo pipefail

readonly PACKAGE=dataset-fashion-mnist
readonly FILES=(
  train-images-idx3-ubyte.gz
  train-labels-idx1-ubyte.gz
  t10k-images-idx3-ubyte.gz
  t10k-labels-idx1-ubyte.gz
)

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/../.." && pwd -P)"
dest="$repo_root/.data/fashion-mnist"

script_name=fetch-fashion-mnist
# shellcheck source=lib/fetch-common.sh
source "$script_dir/lib/fetch-common.sh"

all_present() {
  local f
  for f in "${FILES[@]}"; do
    [[ -s "$dest/$f" ]] || return 1
  done
}

if all_present; then
  log "already present, nothing to do"
  printf '%s\n' "$dest"
  exit 0
fi

fetch_deb "$PACKAGE" "Otherwise download the four files (${FILES[*]}) from https://github.com/zalandoresearch/fashion-mnist into $dest yourself."

mkdir -p -- "$dest"
for f in "${FILES[@]}"; do
  src="$(find "$extracted" -type f -name "$f" -print -quit)"
  [[ -n "$src" ]] || die "$f not found in the unpacked $PACKAGE package (expected under usr/share/datasets/fashion-mnist/)"
  [[ -s "$src" ]] || die "$f in the $PACKAGE package is empty"
  if command -v gzip >/dev/null 2>&1; then
    gzip -t -- "$src" || die "$f in the $PACKAGE package is not a valid gzip file"
  fi
  if [[ -s "$dest/$f" ]]; then
    continue
  fi
  install_file "$src" "$dest/$f"
done

all_present || die "internal error: files missing in $dest after copying"
printf '%s\n' "$dest"
