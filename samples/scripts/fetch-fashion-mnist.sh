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

log() { printf '%s\n' "fetch-fashion-mnist: $*" >&2; }
die() { log "error: $*"; exit 1; }

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

command -v apt-get >/dev/null 2>&1 \
  || die "apt-get not found: this script needs a Debian/Ubuntu system with apt (package '$PACKAGE'). Otherwise download the four files (${FILES[*]}) from https://github.com/zalandoresearch/fashion-mnist into $dest yourself."
command -v dpkg-deb >/dev/null 2>&1 \
  || die "dpkg-deb not found: it is needed to unpack the '$PACKAGE' .deb (install the 'dpkg' package)."

work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-fashion-mnist.XXXXXX")"
tmp_files=()
cleanup() {
  rm -rf -- "$work"
  local t
  for t in "${tmp_files[@]+"${tmp_files[@]}"}"; do rm -f -- "$t"; done
}
trap cleanup EXIT

# As root, apt drops privileges to _apt for downloads, which cannot write into our
# private temp folder; the download goes to a folder we own, so keep it as root.
apt_opts=()
if [[ "$(id -u)" == 0 ]]; then
  apt_opts+=(-o APT::Sandbox::User=root)
fi

download() {
  (cd -- "$work" && apt-get "${apt_opts[@]+"${apt_opts[@]}"}" -q download "$PACKAGE") >&2
}

log "downloading $PACKAGE with apt-get download (not installing it)"
if ! download; then
  log "download failed; running apt-get update and retrying"
  apt-get -q update >&2 || die "apt-get update failed (are you root, and can this machine reach the Debian mirrors?)"
  download || die "apt-get download $PACKAGE failed; is the package available in your apt sources (Debian bookworm or later: 'apt-cache policy $PACKAGE')?"
fi

shopt -s nullglob
debs=("$work"/"${PACKAGE}"_*.deb)
shopt -u nullglob
(( ${#debs[@]} == 1 )) || die "expected one ${PACKAGE}_*.deb in $work, found ${#debs[@]}"

mkdir -p -- "$work/extract"
dpkg-deb -x "${debs[0]}" "$work/extract"

mkdir -p -- "$dest"
for f in "${FILES[@]}"; do
  src="$(find "$work/extract" -type f -name "$f" -print -quit)"
  [[ -n "$src" ]] || die "$f not found in the unpacked $PACKAGE package (expected under usr/share/datasets/fashion-mnist/)"
  [[ -s "$src" ]] || die "$f in the $PACKAGE package is empty"
  if command -v gzip >/dev/null 2>&1; then
    gzip -t -- "$src" || die "$f in the $PACKAGE package is not a valid gzip file"
  fi
  if [[ -s "$dest/$f" ]]; then
    continue
  fi
  tmp="$(mktemp "$dest/.$f.tmp.XXXXXX")"
  tmp_files+=("$tmp")
  cp -- "$src" "$tmp"
  chmod 0644 -- "$tmp"
  mv -f -- "$tmp" "$dest/$f"
  log "wrote $dest/$f ($(wc -c <"$dest/$f") bytes)"
done

all_present || die "internal error: files missing in $dest after copying"
printf '%s\n' "$dest"
