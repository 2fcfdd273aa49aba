#!/usr/bin/env bash
# Writes PNG grids of original and augmented views for a real batch of each modality, so a person can look at them:
#   images.png   Fashion-MNIST through SimCLR's augmentations (crop, flip, colour jitter, blur)
#   medical.png  axial slices of the Colin27 brain MRI through gamma, bias field, Rician noise, motion blur, window
#   sensors.png  humidity/temperature windows of the sensor-network motes through jitter, scaling, magnitude and
#                time warps, channel dropout, time mask and window crop (plotted as lines)
# Usage: samples/augmentation-grid.sh [output-folder (default ./out/augmentations)] [extra options, e.g. --count 6 --seed 1]
# Installs the font packages (samples/scripts/ensure-system-packages.sh) and fetches the three data sets
# (samples/scripts/fetch-*.sh) when missing. Prints the three PNG paths.
set -euo pipefail

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "$script_dir/.." && pwd -P)"
out="${1:-./out/augmentations}"
[[ $# -gt 0 ]] && shift
mkdir -p -- "$out"
out="$(cd -- "$out" && pwd -P)"

"$script_dir/scripts/ensure-system-packages.sh"
"$script_dir/scripts/fetch-fashion-mnist.sh" >/dev/null
"$script_dir/scripts/fetch-brain-mri.sh" >/dev/null
"$script_dir/scripts/fetch-sensor-motes.sh" >/dev/null

project="$repo_root/samples/AugmentationGrid/AugmentationGrid.csproj"
log="$(mktemp "${TMPDIR:-/tmp}/augmentation-grid-build.XXXXXX")"
trap 'rm -f -- "$log"' EXIT
if ! dotnet build "$project" -c Release -nologo -v quiet >"$log" 2>&1; then
  cat -- "$log" >&2
  echo "augmentation-grid: building $project failed" >&2
  exit 1
fi
for modality in images medical sensors; do
  dotnet run --project "$project" -c Release --no-build -- --modality "$modality" --output "$out/$modality.png" "$@"
done
