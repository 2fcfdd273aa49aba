using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// How <see cref="LinearProbe.Fit(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, int, LinearProbeOptions)"/>
    /// fits: at most <paramref name="Iterations"/> L-BFGS iterations with L2 penalty <paramref name="WeightDecay"/>, or,
    /// with <paramref name="WeightDecaySweep"/>, the best penalty of <see cref="Grid"/> on a validation split of
    /// <paramref name="ValidationFraction"/> of the training labels (stratified, drawn with <paramref name="Seed"/>),
    /// refitted on all of them. Defaults are those of <c>[LinearProbe]</c>.
    /// </summary>
    public sealed record LinearProbeOptions(
        int Iterations = SslDefaults.LinearProbeIterations,
        double WeightDecay = SslDefaults.LinearProbeWeightDecay,
        bool WeightDecaySweep = SslDefaults.LinearProbeWeightDecaySweep,
        double ValidationFraction = SslDefaults.LinearProbeValidationFraction,
        long Seed = 0)
    {
        /// <summary>
        /// The factors of the default sweep grid: WeightDecay × {10⁻², 10⁻¹, 1, 10, 10²}, five values a decade apart
        /// centred on the configured penalty (wide enough to reach both an almost unregularised and a strongly
        /// shrunk probe from the default 1e-4).
        /// </summary>
        public static IReadOnlyList<double> SweepFactors { get; } = new[] { 1e-2, 1e-1, 1, 1e1, 1e2 };

        /// <summary>An explicit sweep grid (each finite and &gt;= 0); null: <see cref="SweepFactors"/> × <see cref="WeightDecay"/>.</summary>
        public IReadOnlyList<double>? WeightDecayGrid { get; init; }

        /// <summary>The weight decays the sweep tries, ascending.</summary>
        public IReadOnlyList<double> Grid =>
            (WeightDecayGrid ?? SweepFactors.Select(f => f * WeightDecay).ToArray()).OrderBy(v => v).ToArray();
    }
}
