#!/usr/bin/env bash
# Cuts the unit-test fixtures tests/fixtures/sensor-motes/ and tests/fixtures/brain-mri/ from the real data sets
# (fetched first with samples/scripts/fetch-sensor-motes.sh and samples/scripts/fetch-brain-mri.sh).
# Needs python3 (standard library only). The output is byte-for-byte reproducible (gzip mtime 0, no file name).
#
# sensor-motes/data.json, data.csv: readings 2301..2500 of each of the four motes (800 readings, both anomalous
#   events included), in the package's own JSON and CSV formats.
# brain-mri/ch2-step4.nii.gz, aal-step4.nii.gz: ch2.nii.gz and aal.nii.gz keeping every 4th voxel along x, y, z
#   (46 x 55 x 46, uint8; pixdim and srow scaled by 4, everything else in the header kept).
# brain-mri/inia19-t1-step8.nii.gz (float32) and inia19-neuromaps-step8.nii.gz (int16, its 32,624 bytes of header
#   extensions kept, vox_offset 32976): every 8th voxel of the INIA19 macaque template and label map (21 x 26 x 16).
set -euo pipefail

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/../.." && pwd -P)"
motes="$("$script_dir/fetch-sensor-motes.sh")"
mri="$("$script_dir/fetch-brain-mri.sh")"
command -v python3 >/dev/null 2>&1 || { echo "make-data-fixtures: error: python3 not found" >&2; exit 1; }

mkdir -p -- "$repo_root/tests/fixtures/sensor-motes" "$repo_root/tests/fixtures/brain-mri"

python3 - "$motes" "$mri" "$repo_root/tests/fixtures" <<'PY'
import gzip, json, os, struct, sys

motes, mri, out = sys.argv[1], sys.argv[2], sys.argv[3]
FIRST, LAST = 2301, 2500

def write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    print(f"{path}: {len(data)} bytes", file=sys.stderr)

# --- sensor motes -------------------------------------------------------------------------------
with open(os.path.join(motes, "data.json"), "rb") as f:
    records = json.load(f)
cut = [r for r in records if FIRST <= r["reading"] <= LAST]
assert len(cut) == 4 * (LAST - FIRST + 1), len(cut)
write(os.path.join(out, "sensor-motes", "data.json"),
      json.dumps(cut, separators=(",", ":")).encode("ascii"))
with open(os.path.join(motes, "data.csv"), "r", encoding="ascii") as f:
    lines = f.read().splitlines()
header, rows = lines[0], lines[1:]
assert header == "reading,mote_id,indoor,humidity,temperature,label", header
kept = [row for row in rows if FIRST <= int(row.split(",")[0]) <= LAST]
assert len(kept) == len(cut)
write(os.path.join(out, "sensor-motes", "data.csv"), ("\n".join([header] + kept) + "\n").encode("ascii"))

# --- brain MRI ----------------------------------------------------------------------------------
FORMATS = {2: "B", 4: "h", 16: "f"}

def subsample(name, step, target):
    with gzip.open(os.path.join(mri, name), "rb") as f:
        data = f.read()
    assert struct.unpack("<i", data[:4])[0] == 348, name
    dims = list(struct.unpack("<8h", data[40:56]))
    datatype, bitpix = struct.unpack("<hh", data[70:74])
    vox = int(struct.unpack("<f", data[108:112])[0])
    assert dims[0] == 3 and datatype in FORMATS, (name, dims, datatype)
    nx, ny, nz = dims[1:4]
    size = bitpix // 8
    fmt = "<" + FORMATS[datatype]
    xs, ys, zs = range(0, nx, step), range(0, ny, step), range(0, nz, step)
    payload = bytearray()
    for z in zs:
        for y in ys:
            for x in xs:
                i = vox + size * (x + nx * (y + ny * z))
                payload += data[i:i + size]
    header = bytearray(data[:vox])
    struct.pack_into("<3h", header, 42, len(xs), len(ys), len(zs))
    pixdim = list(struct.unpack("<3f", header[80:92]))
    struct.pack_into("<3f", header, 80, *[p * step for p in pixdim])
    for row in range(3):
        off = 280 + 16 * row
        srow = list(struct.unpack("<4f", header[off:off + 16]))
        struct.pack_into("<4f", header, off, srow[0] * step, srow[1] * step, srow[2] * step, srow[3])
    write(os.path.join(out, "brain-mri", target),
          gzip.compress(bytes(header) + bytes(payload), compresslevel=9, mtime=0))

subsample("ch2.nii.gz", 4, "ch2-step4.nii.gz")
subsample("aal.nii.gz", 4, "aal-step4.nii.gz")
subsample("inia19-t1-brain.nii.gz", 8, "inia19-t1-step8.nii.gz")
subsample("inia19-NeuroMaps.nii.gz", 8, "inia19-neuromaps-step8.nii.gz")
PY
