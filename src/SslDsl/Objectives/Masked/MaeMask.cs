using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// One MAE random masking (He et al. 2022, <c>random_masking</c>) of <c>B</c> sequences of <c>L</c> patches, K of
    /// them kept. The caller owns the three tensors (dispose the record, or let a dispose scope take them).
    /// </summary>
    /// <param name="KeepIndices">int64 <c>[B, K]</c>: the visible patches of each sample, in shuffled order
    /// (MAE's <c>ids_keep</c>); gather the encoder's input with them.</param>
    /// <param name="Mask">float32 <c>[B, L]</c>, in patch order: 1 where the patch is masked (hidden), 0 where visible.</param>
    /// <param name="RestoreIndices">int64 <c>[B, L]</c>: the inverse of the shuffle (MAE's <c>ids_restore</c>);
    /// <c>[visible tokens, mask tokens].gather(1, RestoreIndices)</c> puts every token back at its patch position.</param>
    public sealed record MaeMask(Tensor KeepIndices, Tensor Mask, Tensor RestoreIndices) : IDisposable
    {
        /// <summary>Number of visible patches per sample (K).</summary>
        public long KeepCount => KeepIndices.shape[1];

        /// <summary>Number of patches per sample (L).</summary>
        public long PatchCount => Mask.shape[1];

        public void Dispose()
        {
            KeepIndices.Dispose();
            Mask.Dispose();
            RestoreIndices.Dispose();
        }
    }
}
