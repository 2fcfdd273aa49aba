using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// Loads released encoder weights — a PyTorch state dict (<c>torch.save</c>: <c>.pt</c>, <c>.pth</c>) or a
    /// safetensors file — into an SslDsl encoder, through a name mapping (<see cref="WeightLayout"/>): torchvision's
    /// ResNet-18/34/50, timm's ViT, or SslDsl's own names. The whole file is checked before anything is copied: a file
    /// that does not fit changes nothing and raises one <see cref="PretrainedWeightsMismatchException"/> listing every
    /// missing entry, unexpected entry and shape mismatch.
    /// </summary>
    /// <remarks>
    /// A training checkpoint that keeps the state dict under <c>state_dict</c>, <c>model</c>, <c>teacher</c> or
    /// <c>module</c> is read from there. A prefix that every key shares and that training code adds (<c>module.</c> from
    /// DDP, <c>_orig_mod.</c>, <c>backbone.</c>, <c>encoder.</c>, <c>model.</c>, also several in a row) is stripped when
    /// the names do not fit as they are; pass <c>prefix</c> to pick the encoder out of a checkpoint that also holds
    /// other networks (<c>"module.base_encoder."</c>, <c>"backbone."</c> of a DINO teacher). Values of another
    /// floating-point dtype (float16, bfloat16) are converted.
    /// </remarks>
    public static class PretrainedWeights
    {
        /// <summary>
        /// Copies the weights in <paramref name="path"/> into <paramref name="encoder"/>'s parameters and buffers (in
        /// place, so optimizers keep training them), read in <paramref name="layout"/>'s names.
        /// </summary>
        /// <param name="encoder">The encoder: a <see cref="Encoders.ResNetEncoder"/> for torchvision weights, a
        /// <see cref="Encoders.VisionTransformerEncoder"/> for timm's, any module for SslDsl's own names.</param>
        /// <param name="path">A <c>torch.save</c> file (zip format) or a safetensors file, told apart by content.</param>
        /// <param name="layout">Whose names the file uses.</param>
        /// <param name="prefix">Take only the entries under this prefix (stripped), reporting the others as ignored;
        /// null strips a known common prefix when needed.</param>
        /// <returns>What was loaded, ignored, defaulted and rewritten.</returns>
        /// <exception cref="PretrainedWeightsMismatchException">The file does not fit the encoder (nothing was changed).</exception>
        /// <exception cref="InvalidDataException">The file is not a state dict in either format.</exception>
        /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
        /// <exception cref="ArgumentException">The layout is for another encoder type.</exception>
        public static PretrainedLoadResult Load(nn.Module encoder, string path, WeightLayout layout, string? prefix = null)
        {
            ArgumentNullException.ThrowIfNull(encoder);
            using var scope = NewDisposeScope(); // every tensor read or rewritten from the file dies here
            StagedWeights staged = Stage(encoder, path, layout, prefix);
            staged.CopyInto(encoder);
            return staged.Result;
        }

        /// <summary>Reads, maps and checks the file against <paramref name="encoder"/> without changing it; the values live in the caller's dispose scope.</summary>
        internal static StagedWeights Stage(nn.Module encoder, string path, WeightLayout layout, string? prefix)
        {
            ArgumentNullException.ThrowIfNull(encoder);
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            if (prefix is { Length: 0 })
            {
                throw new ArgumentException("an explicit prefix must not be empty (pass null to strip a known one when needed)", nameof(prefix));
            }

            WeightNames names = WeightNames.For(layout, encoder);
            Dictionary<string, Tensor> ours = StagedWeights.EntriesOf(encoder);
            (Dictionary<string, Tensor> entries, string? container) = StateDictFile.Read(path);

            var ignored = new List<string>();
            string stripped;
            if (prefix is not null)
            {
                (entries, List<string> outside) = KeyPrefix.Select(entries, prefix);
                ignored.AddRange(outside);
                stripped = prefix;
            }
            else
            {
                (entries, stripped) = KeyPrefix.StripCommon(entries, key => names.IsUnused(key) || (names.ToEncoder(key) is { } mapped && ours.ContainsKey(mapped)));
            }

            var notes = new List<string>();
            names.Rewrite(entries, ours, notes);

            var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var fileKeyOf = new Dictionary<string, string>(StringComparer.Ordinal);
            var unexpected = new List<string>();
            foreach ((string fileKey, Tensor value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (names.IsUnused(fileKey))
                {
                    ignored.Add(fileKey);
                }
                else if (names.ToEncoder(fileKey) is { } key && ours.ContainsKey(key) && !values.ContainsKey(key))
                {
                    values[key] = value;
                    fileKeyOf[key] = fileKey;
                }
                else
                {
                    unexpected.Add(names.WhyUnexpected(fileKey) is { } why ? $"{fileKey}: {why}" : fileKey);
                }
            }

            var missing = new List<string>();
            var defaulted = new List<string>();
            var mismatches = new List<string>();
            foreach ((string key, Tensor live) in ours.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!values.TryGetValue(key, out Tensor? value))
                {
                    if (key.EndsWith(".num_batches_tracked", StringComparison.Ordinal) || key == "num_batches_tracked")
                    {
                        // PyTorch's BatchNorm loads a state dict without it (version < 2) as 0; it does not enter the forward pass.
                        values[key] = zeros_like(live, device: CPU);
                        defaulted.Add(key);
                    }
                    else
                    {
                        missing.Add(Both(names.ToFile(key), key));
                    }

                    continue;
                }

                string fileKey = fileKeyOf[key];
                if (!value.shape.SequenceEqual(live.shape))
                {
                    string why = names.WhyShapeDiffers(fileKey, live.shape, value.shape) is { } reason ? $" ({reason})" : "";
                    mismatches.Add($"{Both(fileKey, key)}: expected [{string.Join(", ", live.shape)}] got [{string.Join(", ", value.shape)}]{why}");
                }
                else if (value.is_floating_point() != live.is_floating_point())
                {
                    mismatches.Add($"{Both(fileKey, key)}: expected {live.dtype} got {value.dtype}");
                }
            }

            if (missing.Count + unexpected.Count + mismatches.Count > 0)
            {
                string what = $"'{path}' ({layout} names{(container is null ? "" : $", under '{container}'")}{(stripped.Length > 0 ? $", prefix '{stripped}' stripped" : "")})";
                throw new PretrainedWeightsMismatchException($"{what} into {encoder.GetType().Name}", missing, unexpected, mismatches);
            }

            var result = new PretrainedLoadResult(
                layout,
                path,
                container,
                stripped.Length > 0 ? stripped : null,
                values.Keys.Where(k => !defaulted.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToArray(),
                ignored.OrderBy(k => k, StringComparer.Ordinal).ToArray(),
                defaulted.ToArray(),
                notes.ToArray());
            return new StagedWeights(values, result);
        }

        /// <summary>A file name with the encoder's name for it when they differ.</summary>
        private static string Both(string fileKey, string encoderKey) => fileKey == encoderKey ? fileKey : $"{fileKey} (encoder: {encoderKey})";
    }
}
