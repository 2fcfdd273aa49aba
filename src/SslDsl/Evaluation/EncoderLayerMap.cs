using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SslDsl.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// The depth layer 0…<paramref name="Layers"/> of every parameter of a built-in encoder, for layer-wise
    /// learning-rate decay (<see cref="FineTuneOptions.LayerDecay"/>): layer l trains at
    /// LearningRate × BackboneMultiplier × LayerDecay^(Layers − l), so the input end learns slowest.
    /// </summary>
    /// <remarks>
    /// The layer comes from the parameter's module name (as <c>named_parameters()</c> gives it):
    /// <list type="table">
    /// <item><term><see cref="ResNetEncoder"/></term><description><c>stem.*</c> = 0, stage <c>layers.layer{s}_{b}.*</c> = s (1–4); L = 4.</description></item>
    /// <item><term><see cref="ConvNetEncoder"/></term><description>stage i (<c>stages.conv{i}</c>, <c>stages.bn{i}</c>) = i + 1 (no stem, layer 0 is empty); L = stages.</description></item>
    /// <item><term><see cref="VisionTransformerEncoder"/></term><description><c>patchEmbed.*</c>, <c>clsToken</c> = 0, <c>blocks.{i}.*</c> = i + 1, the final <c>norm.*</c> = L = depth + 1 (as MAE's <c>param_groups_lrd</c>).</description></item>
    /// <item><term><see cref="TransformerSequenceEncoder"/></term><description><c>tokenEmbedding.*</c> / <c>channelProjection.*</c>, <c>positions</c> = 0, <c>blocks.{i}.*</c> = i + 1, <c>norm.*</c> = L = depth + 1.</description></item>
    /// <item><term><see cref="MlpEncoder"/></term><description>linear layer i and its batch norm (<c>layers.linear{i}</c>, <c>layers.bn{i}</c>) = i + 1; L = hidden layers.</description></item>
    /// <item><term><see cref="TemporalConvNetEncoder"/></term><description>block <c>levels.level{i}.*</c> = i + 1; L = levels.</description></item>
    /// </list>
    /// Any other encoder (a custom one, or a built-in one wrapped in another module) has no map: fine-tuning then
    /// trains it as one group and says so in <see cref="FineTuneResult.Notes"/>.
    /// </remarks>
    /// <param name="Encoder">The encoder's type name.</param>
    /// <param name="Layers">L, the top layer (it trains at LearningRate × BackboneMultiplier).</param>
    /// <param name="LayerOf">Layer per parameter name.</param>
    public sealed record EncoderLayerMap(string Encoder, int Layers, IReadOnlyDictionary<string, int> LayerOf)
    {
        /// <summary>The map of a built-in encoder; null for any other module.</summary>
        /// <exception cref="InvalidOperationException">A built-in encoder has a parameter the mapping does not know
        /// (the mapping is out of date with the encoder).</exception>
        public static EncoderLayerMap? For(nn.Module<Tensor, Tensor> encoder)
        {
            ArgumentNullException.ThrowIfNull(encoder);
            string[] names = encoder.named_parameters().Select(p => p.name).ToArray();
            Func<string, int?>? rule = encoder switch
            {
                ResNetEncoder => name => name.StartsWith("stem.", StringComparison.Ordinal) ? 0 : Index(name, @"^layers\.layer(\d+)_\d+\.", 0),
                ConvNetEncoder => name => Index(name, @"^stages\.(?:conv|bn)(\d+)\.", 1),
                MlpEncoder => name => Index(name, @"^layers\.(?:linear|bn)(\d+)\.", 1),
                TemporalConvNetEncoder => name => Index(name, @"^levels\.level(\d+)\.", 1),
                VisionTransformerEncoder => name => Transformer(name, names, "patchEmbed.", "clsToken"),
                TransformerSequenceEncoder => name => Transformer(name, names, "tokenEmbedding.", "channelProjection.", "positions"),
                _ => null,
            };
            if (rule is null)
            {
                return null;
            }

            var layers = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string name in names)
            {
                layers[name] = rule(name)
                    ?? throw new InvalidOperationException($"{encoder.GetType().Name} has a parameter '{name}' that the layer-decay mapping does not place in a layer");
            }

            int top = encoder is ResNetEncoder ? 4 : layers.Values.DefaultIfEmpty(0).Max();
            return new EncoderLayerMap(encoder.GetType().Name, top, layers);
        }

        /// <summary>Embeddings 0, block i → i + 1, the final norm one above the last block.</summary>
        private static int? Transformer(string name, string[] all, params string[] embeddings)
        {
            if (embeddings.Any(e => e.EndsWith('.') ? name.StartsWith(e, StringComparison.Ordinal) : name == e))
            {
                return 0;
            }

            if (name.StartsWith("norm.", StringComparison.Ordinal))
            {
                return all.Select(n => Index(n, @"^blocks\.(\d+)\.", 1) ?? 0).Max() + 1;
            }

            return Index(name, @"^blocks\.(\d+)\.", 1);
        }

        /// <summary>The number the pattern captures plus <paramref name="offset"/>; null when the name does not match.</summary>
        private static int? Index(string name, string pattern, int offset)
        {
            Match match = Regex.Match(name, pattern, RegexOptions.CultureInvariant);
            return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + offset : null;
        }

        /// <inheritdoc />
        public bool Equals(EncoderLayerMap? other) =>
            other is not null && Encoder == other.Encoder && Layers == other.Layers
            && LayerOf.Count == other.LayerOf.Count && LayerOf.All(p => other.LayerOf.TryGetValue(p.Key, out int l) && l == p.Value);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Encoder, Layers, LayerOf.Count);
    }
}
