using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Evaluation.Sequences
{
    /// <summary>
    /// Mean absolute and root-mean-square error of predicted sequences <c>[N, C, T]</c> per channel, over every entry or
    /// only the entries a mask selects (the hidden ones of a masked-reconstruction test), optionally converted back to a
    /// channel's own units: with standardised windows, an error times the channel's standard deviation is the error in
    /// the original units (the mean cancels in the difference).
    /// </summary>
    public static class SequenceErrors
    {
        /// <param name="predicted">Predictions <c>[N, C, T]</c>.</param>
        /// <param name="truth">True values, same shape.</param>
        /// <param name="mask">Same shape, entries &gt; 0 are scored; null scores every entry.</param>
        /// <param name="channelScale">One factor per channel multiplying the errors (e.g. the standard deviations used to
        /// standardise); null = 1.</param>
        /// <exception cref="ArgumentException">Shapes differ, the scale has another length or a non-finite or negative factor,
        /// or a channel has no scored entry.</exception>
        public static SequenceErrorSummary Compute(Tensor predicted, Tensor truth, Tensor? mask = null, IReadOnlyList<double>? channelScale = null)
        {
            SequenceChecks.Windows(predicted, nameof(predicted));
            SequenceChecks.SameShape(predicted, nameof(predicted), truth, nameof(truth));
            if (mask is not null)
            {
                SequenceChecks.SameShape(predicted, nameof(predicted), mask, nameof(mask));
            }

            int channels = (int)predicted.shape[1];
            if (channelScale is not null && (channelScale.Count != channels || channelScale.Any(s => !double.IsFinite(s) || s < 0)))
            {
                throw new ArgumentException($"channelScale must hold {channels} finite factors >= 0 (one per channel), got [{string.Join(", ", channelScale)}]", nameof(channelScale));
            }

            using var scope = NewDisposeScope();
            Tensor difference = predicted.to_type(ScalarType.Float64).cpu().sub(truth.to_type(ScalarType.Float64).cpu());
            Tensor weights = mask is null ? ones_like(difference) : mask.cpu().gt(0).to_type(ScalarType.Float64);
            long[] sumDims = { 0, 2 };
            double[] counts = weights.sum(sumDims).data<double>().ToArray();
            double[] absolute = difference.abs().mul(weights).sum(sumDims).data<double>().ToArray();
            double[] squared = difference.square().mul(weights).sum(sumDims).data<double>().ToArray();
            var mae = new double[channels];
            var rmse = new double[channels];
            var scored = new long[channels];
            for (int c = 0; c < channels; c++)
            {
                if (counts[c] == 0)
                {
                    throw new ArgumentException($"channel {c} has no scored entry (the mask selects none of it); its error is undefined", nameof(mask));
                }

                double scale = channelScale?[c] ?? 1.0;
                mae[c] = scale * absolute[c] / counts[c];
                rmse[c] = scale * Math.Sqrt(squared[c] / counts[c]);
                scored[c] = (long)counts[c];
            }

            return new SequenceErrorSummary(mae, rmse, scored);
        }

        /// <summary>
        /// The mean absolute error of each sample over all its channels and steps (<c>[N]</c>, in the windows' units): a
        /// per-window anomaly score when the prediction is a forecast or a reconstruction.
        /// </summary>
        public static double[] PerSample(Tensor predicted, Tensor truth)
        {
            SequenceChecks.Windows(predicted, nameof(predicted));
            SequenceChecks.SameShape(predicted, nameof(predicted), truth, nameof(truth));
            using var scope = NewDisposeScope();
            return predicted.to_type(ScalarType.Float64).cpu().sub(truth.to_type(ScalarType.Float64).cpu()).abs().mean(new long[] { 1, 2 }).data<double>().ToArray();
        }
    }

    /// <summary>Per-channel errors of <see cref="SequenceErrors.Compute"/>.</summary>
    /// <param name="Mae">Mean absolute error of each channel.</param>
    /// <param name="Rmse">Root-mean-square error of each channel.</param>
    /// <param name="Count">How many entries of each channel were scored.</param>
    public sealed record SequenceErrorSummary(IReadOnlyList<double> Mae, IReadOnlyList<double> Rmse, IReadOnlyList<long> Count);
}
