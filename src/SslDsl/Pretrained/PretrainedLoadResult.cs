using System.Collections.Generic;

namespace SslDsl.Pretrained
{
    /// <summary>What <see cref="PretrainedWeights.Load"/> read from a weight file and what it did with each entry.</summary>
    /// <param name="Layout">The layout the file's names were read in.</param>
    /// <param name="Path">The file.</param>
    /// <param name="Container">
    /// The entry of a PyTorch file that held the state dict (<c>state_dict</c>, <c>model</c>, <c>teacher</c> or
    /// <c>module</c>), or null when the file is the state dict itself.
    /// </param>
    /// <param name="StrippedPrefix">The key prefix taken off every entry (e.g. <c>module.</c>), or null for none.</param>
    /// <param name="Loaded">The encoder's entries (its names) that now hold the file's values.</param>
    /// <param name="Ignored">
    /// The file's entries the encoder has no use for by design (a classifier: torchvision's <c>fc.*</c>, timm's
    /// <c>head.*</c>), and with an explicit prefix the entries outside it; file names.
    /// </param>
    /// <param name="Defaulted">
    /// Encoder entries the file lacks that have a neutral value: BatchNorm's <c>num_batches_tracked</c>, which
    /// weights saved before PyTorch 0.4.1 (torchvision's first ResNet releases) do not have, set to 0 as PyTorch does;
    /// it does not enter the forward pass (momentum 0.1).
    /// </param>
    /// <param name="Notes">Exact rewrites applied to the file's values before loading (timm's layer scale, class-free position embedding).</param>
    public sealed record PretrainedLoadResult(
        WeightLayout Layout,
        string Path,
        string? Container,
        string? StrippedPrefix,
        IReadOnlyList<string> Loaded,
        IReadOnlyList<string> Ignored,
        IReadOnlyList<string> Defaulted,
        IReadOnlyList<string> Notes);
}
