using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// <see cref="WeightLayout.TimmVit"/>: timm's <c>VisionTransformer</c> nests attention and MLP in submodules
    /// (<c>blocks.N.attn.qkv</c>, <c>blocks.N.mlp.fc1</c>) and names the patch embedding's conv <c>patch_embed.proj</c>;
    /// <see cref="Encoders.TransformerBlock"/> holds them flat (<c>blocks.N.qkv</c>, <c>blocks.N.fc1</c>). Both fuse
    /// q, k and v into one <c>[3·dim, dim]</c> projection split the same way, and both embed patches with a conv, so
    /// those are renames. Three layouts need their values rewritten (exactly): layer scale, a qkv projection without
    /// bias and a position embedding without a class-token row.
    /// </summary>
    internal sealed partial class TimmVitNames : WeightNames
    {
        private static readonly (string File, string Encoder)[] TopLevel =
        {
            ("cls_token", "clsToken"),
            ("pos_embed", "posEmbed"),
            ("patch_embed.proj.weight", "patchEmbed.weight"),
            ("patch_embed.proj.bias", "patchEmbed.bias"),
            ("norm.weight", "norm.weight"),
            ("norm.bias", "norm.bias"),
        };

        /// <summary>Inside block N: timm's name → TransformerBlock's.</summary>
        private static readonly (string File, string Encoder)[] InBlock =
        {
            ("norm1", "norm1"),
            ("attn.qkv", "qkv"),
            ("attn.proj", "proj"),
            ("norm2", "norm2"),
            ("mlp.fc1", "fc1"),
            ("mlp.fc2", "fc2"),
        };

        public override string? ToEncoder(string fileKey)
        {
            foreach ((string file, string encoder) in TopLevel)
            {
                if (fileKey == file)
                {
                    return encoder;
                }
            }

            if (BlockEntry().Match(fileKey) is not { Success: true } match)
            {
                return null;
            }

            string module = match.Groups[2].Value;
            foreach ((string file, string encoder) in InBlock)
            {
                if (module == file)
                {
                    return $"blocks.{match.Groups[1].Value}.{encoder}.{match.Groups[3].Value}";
                }
            }

            return null;
        }

        public override string ToFile(string encoderKey)
        {
            foreach ((string file, string encoder) in TopLevel)
            {
                if (encoderKey == encoder)
                {
                    return file;
                }
            }

            if (BlockEntry().Match(encoderKey) is { Success: true } match)
            {
                foreach ((string file, string encoder) in InBlock)
                {
                    if (match.Groups[2].Value == encoder)
                    {
                        return $"blocks.{match.Groups[1].Value}.{file}.{match.Groups[3].Value}";
                    }
                }
            }

            return encoderKey;
        }

        /// <summary>
        /// The classifier (and DeiT's distillation classifier): the encoder ends at the CLS token after <c>norm</c>; and
        /// DINOv2's <c>mask_token</c>, which only its masked-image training uses.
        /// </summary>
        public override bool IsUnused(string fileKey) =>
            fileKey.StartsWith("head.", StringComparison.Ordinal) || fileKey.StartsWith("head_dist.", StringComparison.Ordinal) || fileKey == "mask_token";

        /// <summary>
        /// (1) Layer scale (CaiT, DeiT III, DINOv2: <c>x + γ ⊙ f(x)</c> with <c>ls1.gamma</c> after attention and
        /// <c>ls2.gamma</c> after the MLP) folds into the linear layer before it: <c>γ ⊙ (W x + b) = (diag(γ) W) x + γ ⊙ b</c>.
        /// (2) A fused qkv projection without bias (<c>qkv_bias=False</c>) gets a zero bias.
        /// (3) A position embedding without the class token's row (timm's <c>no_embed_class=True</c>: patches get
        /// <c>pos_embed</c>, the class token none) gets a zero row in front, which is what the encoder adds to the class token.
        /// </summary>
        public override void Rewrite(Dictionary<string, Tensor> entries, IReadOnlyDictionary<string, Tensor> encoder, List<string> notes)
        {
            var folded = new List<string>();
            foreach (string key in entries.Keys.Where(k => LayerScale().IsMatch(k)).OrderBy(k => k, StringComparer.Ordinal).ToArray())
            {
                Match match = LayerScale().Match(key);
                string linear = $"blocks.{match.Groups[1].Value}.{(match.Groups[2].Value == "1" ? "attn.proj" : "mlp.fc2")}";
                Tensor gamma = entries[key];
                if (gamma.dim() != 1 || !entries.TryGetValue(linear + ".weight", out Tensor? weight) || weight.dim() != 2 || weight.shape[0] != gamma.shape[0])
                {
                    continue; // left in place: reported as unexpected, with the reason
                }

                using var noGrad = no_grad();
                entries[linear + ".weight"] = weight.mul(gamma.to_type(weight.dtype).unsqueeze(1));
                if (entries.TryGetValue(linear + ".bias", out Tensor? bias))
                {
                    entries[linear + ".bias"] = bias.mul(gamma.to_type(bias.dtype));
                }

                entries.Remove(key);
                folded.Add(key);
            }

            if (folded.Count > 0)
            {
                notes.Add($"layer scale folded into attn.proj / mlp.fc2 ({folded.Count} gammas: {string.Join(", ", folded.Take(4))}{(folded.Count > 4 ? ", …" : "")}): the same forward; training then updates the folded weights");
            }

            var biasless = entries.Keys.Where(k => QkvWeight().IsMatch(k) && !entries.ContainsKey(k[..^"weight".Length] + "bias")).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            foreach (string key in biasless)
            {
                Tensor weight = entries[key];
                entries[key[..^"weight".Length] + "bias"] = zeros(weight.shape[0], dtype: weight.dtype);
            }

            if (biasless.Length > 0)
            {
                notes.Add($"attn.qkv has no bias in {biasless.Length} block(s) (timm's qkv_bias=False): zero biases, the same forward; training then updates them");
            }

            if (entries.TryGetValue("pos_embed", out Tensor? position) && encoder.TryGetValue("posEmbed", out Tensor? ours)
                && position.dim() == 3 && ours.dim() == 3 && position.shape[1] + 1 == ours.shape[1] && position.shape[2] == ours.shape[2])
            {
                entries["pos_embed"] = cat(new[] { zeros(position.shape[0], 1, position.shape[2], dtype: position.dtype), position }, 1);
                notes.Add($"pos_embed has no class-token row ({position.shape[1]} rows for {position.shape[1]} patches, timm's no_embed_class): a zero row put in front, which adds nothing to the class token, as timm does");
            }
        }

        public override string? WhyUnexpected(string fileKey)
        {
            if (fileKey.StartsWith("fc_norm.", StringComparison.Ordinal))
            {
                return "timm's average-pooling head (global_pool='avg'): SslDsl's ViT outputs the CLS token after norm, so a pooled model's fc_norm has no place";
            }

            if (fileKey is "reg_token")
            {
                return "register tokens are not part of SslDsl's ViT";
            }

            if (fileKey is "dist_token")
            {
                return "DeiT's distillation token is not part of SslDsl's ViT";
            }

            if (LayerScale().IsMatch(fileKey))
            {
                return "layer scale whose linear layer is missing or of another width: it cannot be folded";
            }

            if (BlockEntry().Match(fileKey) is { Success: true } block)
            {
                return block.Groups[2].Value switch
                {
                    "attn.q_norm" or "attn.k_norm" => "QK-norm is not part of SslDsl's TransformerBlock",
                    "attn" when block.Groups[3].Value is "q_bias" or "v_bias" => "separate q/v biases (BEiT style) are not mapped: SslDsl's block has one fused qkv bias",
                    _ when InBlock.Any(m => m.File == block.Groups[2].Value) => "the encoder has no such block: the checkpoint is deeper (Depth)",
                    _ => null,
                };
            }

            return null;
        }

        public override string? WhyShapeDiffers(string fileKey, long[] expected, long[] got) => fileKey switch
        {
            "pos_embed" => $"the checkpoint's position embedding has {Rows(got)} rows, the encoder's {Rows(expected)} (1 + (H/p)·(W/p)): build the encoder for the checkpoint's image size and patch (resizing the embedding is not supported)",
            "patch_embed.proj.weight" => "the patch size or the image channels differ",
            _ => "the width (Dim), MLP ratio or heads' layout differ",
        };

        private static string Rows(long[] shape) => shape.Length == 3 ? shape[1].ToString(System.Globalization.CultureInfo.InvariantCulture) : $"[{string.Join(", ", shape)}]";

        [GeneratedRegex(@"^blocks\.(\d+)\.(.+)\.(weight|bias|q_bias|v_bias)$")]
        private static partial Regex BlockEntry();

        [GeneratedRegex(@"^blocks\.\d+\.attn\.qkv\.weight$")]
        private static partial Regex QkvWeight();

        [GeneratedRegex(@"^blocks\.(\d+)\.ls([12])\.gamma$")]
        private static partial Regex LayerScale();
    }
}
