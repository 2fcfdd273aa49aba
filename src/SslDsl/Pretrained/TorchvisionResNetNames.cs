using System.Text.RegularExpressions;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// <see cref="WeightLayout.TorchvisionResNet"/>: torchvision's <c>ResNet</c> keeps the stem at the top level and the
    /// blocks in <c>layer1</c>…<c>layer4</c> Sequentials; <see cref="Encoders.ResNetEncoder"/> keeps the stem in a
    /// <c>stem</c> Sequential and the blocks in one <c>layers</c> Sequential named <c>layerS_B</c>. Inside a block the
    /// names are torchvision's (<c>conv1</c>, <c>bn1</c>, …, <c>downsample.0</c> conv, <c>downsample.1</c> BN), and so are
    /// BatchNorm's (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>).
    /// </summary>
    internal sealed partial class TorchvisionResNetNames : WeightNames
    {
        public override string? ToEncoder(string fileKey)
        {
            if (StemInFile().Match(fileKey) is { Success: true } stem)
            {
                return $"stem.{stem.Groups[1].Value}.{stem.Groups[2].Value}";
            }

            return BlockInFile().Match(fileKey) is { Success: true } block
                ? $"layers.layer{block.Groups[1].Value}_{block.Groups[2].Value}.{block.Groups[3].Value}"
                : null;
        }

        public override string ToFile(string encoderKey)
        {
            if (StemInEncoder().Match(encoderKey) is { Success: true } stem)
            {
                return $"{stem.Groups[1].Value}.{stem.Groups[2].Value}";
            }

            return BlockInEncoder().Match(encoderKey) is { Success: true } block
                ? $"layer{block.Groups[1].Value}.{block.Groups[2].Value}.{block.Groups[3].Value}"
                : encoderKey;
        }

        /// <summary>torchvision's ImageNet classifier <c>fc</c>: the encoder ends at the global average pool.</summary>
        public override bool IsUnused(string fileKey) => fileKey.StartsWith("fc.", System.StringComparison.Ordinal);

        public override string? WhyUnexpected(string fileKey) =>
            BlockInFile().IsMatch(fileKey)
                ? "the encoder has no such block or layer: the checkpoint is of another depth (ResNet-18/34 blocks have conv1-2 and bn1-2, ResNet-50 also conv3/bn3)"
                : null;

        public override string? WhyShapeDiffers(string fileKey, long[] expected, long[] got)
        {
            if (fileKey == "conv1.weight" && expected.Length == 4 && got.Length == 4)
            {
                if (expected[2] != got[2])
                {
                    return $"torchvision's stem is a {got[2]}x{got[3]} stride-2 convolution followed by a max-pool; this encoder has the {expected[2]}x{expected[3]} stem of SmallInputs = true";
                }

                if (expected[1] != got[1])
                {
                    return $"the checkpoint's stem takes {got[1]} input channels, the encoder {expected[1]}";
                }
            }

            return "the widths differ: torchvision's ResNets have WidthMultiplier 1 (64…512 channels, ×4 in ResNet-50's bottlenecks) and a fixed depth";
        }

        [GeneratedRegex(@"^(conv1|bn1)\.(.+)$")]
        private static partial Regex StemInFile();

        [GeneratedRegex(@"^layer([1-4])\.(\d+)\.(.+)$")]
        private static partial Regex BlockInFile();

        [GeneratedRegex(@"^stem\.(conv1|bn1)\.(.+)$")]
        private static partial Regex StemInEncoder();

        [GeneratedRegex(@"^layers\.layer([1-4])_(\d+)\.(.+)$")]
        private static partial Regex BlockInEncoder();
    }
}
