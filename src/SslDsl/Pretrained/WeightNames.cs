using System;
using System.Collections.Generic;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// How one <see cref="WeightLayout"/>'s names map onto an SslDsl encoder's: a rename each way, the entries a released
    /// checkpoint has that an encoder never uses, exact rewrites of values that need more than a rename, and the
    /// reasons to show when an entry cannot be mapped.
    /// </summary>
    internal abstract class WeightNames
    {
        /// <summary>The mapping of <paramref name="layout"/>, checked against the encoder's type.</summary>
        /// <exception cref="ArgumentException">The layout is for another encoder type.</exception>
        public static WeightNames For(WeightLayout layout, nn.Module encoder) => layout switch
        {
            WeightLayout.SslDsl => new SslDslWeightNames(),
            WeightLayout.TorchvisionResNet => encoder is ResNetEncoder ? new TorchvisionResNetNames()
                : throw WrongEncoder(layout, nameof(ResNetEncoder), encoder),
            WeightLayout.TimmVit => encoder is VisionTransformerEncoder ? new TimmVitNames()
                : throw WrongEncoder(layout, nameof(VisionTransformerEncoder), encoder),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "not a WeightLayout"),
        };

        /// <summary>The encoder's name for file entry <paramref name="fileKey"/>, or null when this layout has no place for it.</summary>
        public abstract string? ToEncoder(string fileKey);

        /// <summary>The file entry that holds encoder entry <paramref name="encoderKey"/>.</summary>
        public abstract string ToFile(string encoderKey);

        /// <summary>Whether a released checkpoint's entry is one the encoder never uses (a classifier).</summary>
        public virtual bool IsUnused(string fileKey) => false;

        /// <summary>
        /// Rewrites file entries (file names) whose values need more than a rename, exactly, given the encoder's entries;
        /// adds a note per rewrite. New tensors stay in the caller's dispose scope.
        /// </summary>
        public virtual void Rewrite(Dictionary<string, Tensor> entries, IReadOnlyDictionary<string, Tensor> encoder, List<string> notes)
        {
        }

        /// <summary>Why file entry <paramref name="fileKey"/> has no place in the encoder, when it is known; null otherwise.</summary>
        public virtual string? WhyUnexpected(string fileKey) => null;

        /// <summary>Why a shape may differ for file entry <paramref name="fileKey"/>, when it is known; null otherwise.</summary>
        public virtual string? WhyShapeDiffers(string fileKey, long[] expected, long[] got) => null;

        private static ArgumentException WrongEncoder(WeightLayout layout, string expected, nn.Module encoder) =>
            new($"WeightLayout.{layout} maps onto a {expected}, not a {encoder.GetType().Name}; use WeightLayout.SslDsl for SslDsl's own names", nameof(encoder));
    }
}
