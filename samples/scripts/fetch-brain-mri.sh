#!/usr/bin/env bash
# Fetches brain MRI templates and atlases (NIfTI-1, .nii.gz) from Debian's package `mricron-data` without
# installing it: the .deb is downloaded into a temporary folder with `apt-get download`, unpacked with
# dpkg-deb, and the files of usr/share/mricron/templates/ (plus the Debian copyright file) are copied into
# <repo>/.data/brain-mri/ (git-ignored). ch2.nii.gz and aal.nii.gz are checked against pinned SHA-256 hashes.
#
# What the package holds (mricron-data 1.2.20211006+dfsg-4, bookworm):
#   ch2.nii.gz        Colin27 "ch2" single-subject T1 template, MNI space, 181x217x181 uint8, 1 mm
#   ch2bet.nii.gz     the same, brain-extracted;  ch2better.nii.gz: 301x370x316 uint8, 0.5 mm
#   aal.nii.gz        AAL atlas, 116 regions (labels 1..116, names in aal.nii.txt), same 181x217x181 grid as ch2
#   brodmann.nii.gz   Brodmann areas (labels 1..48, 41 present), same grid as ch2
#   AICHAmc, HarvardOxford-cort-maxprob-thr0-1mm, JHU-WhiteMatter-labels-{1,2}mm, jhu189, natbrainlab: other atlases
#   inia19-t1-brain.nii.gz (float32) and inia19-NeuroMaps.nii.gz (int16): INIA19 rhesus macaque template and labels
#
# Idempotent: does nothing when every file is already present (and the pinned hashes match).
# Each file is written to a temporary name in the target folder, then renamed.
# Prints the folder on stdout (everything else goes to stderr). Works from any cwd.
set -euo pipefail

readonly PACKAGE=mricron-data
readonly CH2_SHA256=a009051127f64dc3dd554d5f5b589870ea72106d9642c21b4e7093e478cfc309
readonly AAL_SHA256=b512dcd3f36b77f56be7a9a038134096e66314b7e8c31d25875b96bcf6991454
# The files the data loaders rely on; everything else in templates/ is copied as well.
readonly REQUIRED=(ch2.nii.gz ch2bet.nii.gz aal.nii.gz aal.nii.txt brodmann.nii.gz copyright)

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/../.." && pwd -P)"
dest="$repo_root/.data/brain-mri"

script_name=fetch-brain-mri
# shellcheck source=lib/fetch-common.sh
source "$script_dir/lib/fetch-common.sh"

all_present() {
  local f
  for f in "${REQUIRED[@]}"; do
    [[ -s "$dest/$f" ]] || return 1
  done
  [[ "$(sha256 "$dest/ch2.nii.gz")" == "$CH2_SHA256" && "$(sha256 "$dest/aal.nii.gz")" == "$AAL_SHA256" ]]
}

if all_present; then
  log "already present, nothing to do"
  printf '%s\n' "$dest"
  exit 0
fi

fetch_deb "$PACKAGE" "Otherwise copy ch2.nii.gz, aal.nii.gz, ... from MRIcron's templates folder (https://github.com/neurolabusc/MRIcron) into $dest yourself."

templates="$extracted/usr/share/mricron/templates"
[[ -d "$templates" ]] || die "usr/share/mricron/templates/ not found in the unpacked $PACKAGE package"
copyright="$extracted/usr/share/doc/$PACKAGE/copyright"
[[ -s "$copyright" ]] || die "usr/share/doc/$PACKAGE/copyright not found in the unpacked $PACKAGE package"
[[ "$(sha256 "$templates/ch2.nii.gz")" == "$CH2_SHA256" ]] || die "ch2.nii.gz in $PACKAGE does not have the pinned SHA-256 $CH2_SHA256 (the package changed?)"
[[ "$(sha256 "$templates/aal.nii.gz")" == "$AAL_SHA256" ]] || die "aal.nii.gz in $PACKAGE does not have the pinned SHA-256 $AAL_SHA256 (the package changed?)"

mkdir -p -- "$dest"
for src in "$templates"/* "$copyright"; do
  [[ -f "$src" ]] || continue
  name="$(basename -- "$src")"
  [[ -s "$src" ]] || die "$name in the $PACKAGE package is empty"
  if [[ "$name" == *.gz ]] && command -v gzip >/dev/null 2>&1; then
    gzip -t -- "$src" || die "$name in the $PACKAGE package is not a valid gzip file"
  fi
  install_file "$src" "$dest/$name"
done

all_present || die "internal error: files missing or wrong in $dest after copying"
printf '%s\n' "$dest"
