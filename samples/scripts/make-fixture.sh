#!/usr/bin/env bash
# Cuts the unit-test fixture tests/fixtures/fashion-mnist/fixture-{images-idx3,labels-idx1}-ubyte.gz
# from the first N (default 300) Fashion-MNIST training images and labels.
# Fetches the data set first (samples/scripts/fetch-fashion-mnist.sh). Needs python3 (standard library only).
# The output is byte-for-byte reproducible (gzip header mtime 0, no file name).
set -euo pipefail

count="${1:-300}"
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/../.." && pwd -P)"
src="$("$script_dir/fetch-fashion-mnist.sh")"
out="$repo_root/tests/fixtures/fashion-mnist"
mkdir -p -- "$out"

command -v python3 >/dev/null 2>&1 || { echo "make-fixture: error: python3 not found" >&2; exit 1; }

python3 - "$src" "$out" "$count" <<'PY'
import gzip, os, struct, sys

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

def cut(name, magic, item_dims, target):
    with gzip.open(os.path.join(src, name), "rb") as f:
        data = f.read()
    ndim = magic & 0xFF
    got_magic = struct.unpack(">I", data[:4])[0]
    assert got_magic == magic, f"{name}: magic {got_magic:#010x}, expected {magic:#010x}"
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    assert tuple(dims[1:]) == item_dims, f"{name}: dims {dims}"
    assert n <= dims[0], f"{name}: only {dims[0]} items"
    item = 1
    for d in item_dims:
        item *= d
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * ndim, n, *item_dims)
    off = 4 + 4 * ndim
    payload = data[off:off + n * item]
    path = os.path.join(out, target)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(gzip.compress(header + payload, compresslevel=9, mtime=0))
    os.replace(tmp, path)
    print(f"{path}: {n} items, {os.path.getsize(path)} bytes", file=sys.stderr)

cut("train-images-idx3-ubyte.gz", 0x00000803, (28, 28), "fixture-images-idx3-ubyte.gz")
cut("train-labels-idx1-ubyte.gz", 0x00000801, (), "fixture-labels-idx1-ubyte.gz")
PY
