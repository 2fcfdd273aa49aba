#!/usr/bin/env bash
# Fetches SciPy's electrocardiogram excerpt (scipy.misc.electrocardiogram(): 5 minutes, 19:35 to 24:35, of record 208,
# lead MLII, of the MIT-BIH Arrhythmia Database on PhysioNet (Moody and Mark 2001; ODC-BY 1.0); 108,000 samples at
# 360 Hz) from Debian's package `python3-scipy`, pinned to one version, without installing it: the .deb is downloaded
# into a temporary folder with `apt-get download`, unpacked with dpkg-deb, and
# usr/lib/python3/dist-packages/scipy/misc/ecg.dat (plus the package's copyright file) is copied into
# <repo>/.data/ecg/ (git-ignored). ecg.dat is checked against a pinned SHA-256.
#
# What ecg.dat is (python3-scipy 1.10.1-2, bookworm): a NumPy .npz archive (a zip, deflate) holding one array,
# ecg.npy: dtype '<u2' (little-endian uint16), shape (108000,), the raw 11-bit ADC readings (327..1754 in this
# excerpt); SciPy converts them to millivolts as (value - 1024) / 200 (mean -0.165 mV, std 0.599 mV). Read by
# SslDsl.Data.Electrocardiogram.
#
# Idempotent: does nothing when ecg.dat is already present with the pinned hash.
# Each file is written to a temporary name in the target folder, then renamed.
# Prints the folder on stdout (everything else goes to stderr). Works from any cwd.
set -euo pipefail

readonly PACKAGE=python3-scipy
# Debian bookworm's version (SciPy deprecated scipy.misc, which holds ecg.dat, in 1.10; later packages may lack it).
readonly VERSION=1.10.1-2
readonly ECG_PATH=usr/lib/python3/dist-packages/scipy/misc/ecg.dat
readonly ECG_SHA256=f20ad3365fb9b7f845d0e5c48b6fe67081377ee466c3a220b7f69f35c8958baf

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/../.." && pwd -P)"
dest="$repo_root/.data/ecg"

script_name=fetch-ecg
# shellcheck source=lib/fetch-common.sh
source "$script_dir/lib/fetch-common.sh"

all_present() {
  [[ -s "$dest/ecg.dat" && -s "$dest/copyright" ]] || return 1
  [[ "$(sha256 "$dest/ecg.dat")" == "$ECG_SHA256" ]]
}

if all_present; then
  log "already present, nothing to do"
  printf '%s\n' "$dest"
  exit 0
fi

hint="Otherwise copy scipy/misc/ecg.dat from a SciPy release that still ships it (1.1 to 1.10 do) into $dest yourself."
package="$PACKAGE=$VERSION"
fetch_deb "$package" "$hint"

src="$extracted/$ECG_PATH"
[[ -s "$src" ]] || die "$ECG_PATH not found (or empty) in the unpacked $package package. $hint"
got="$(sha256 "$src")"
[[ "$got" == "$ECG_SHA256" ]] || die "$ECG_PATH in $package has SHA-256 $got, expected $ECG_SHA256 (the package changed?)"
copyright="$extracted/usr/share/doc/$PACKAGE/copyright"
[[ -s "$copyright" ]] || die "usr/share/doc/$PACKAGE/copyright not found in the unpacked $package package"

mkdir -p -- "$dest"
install_file "$src" "$dest/ecg.dat"
install_file "$copyright" "$dest/copyright"

all_present || die "internal error: files missing or wrong in $dest after copying"
printf '%s\n' "$dest"
