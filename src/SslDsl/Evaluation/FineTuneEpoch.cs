using System;
using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// One fine-tuning epoch: 1-based <paramref name="Epoch"/>; over its <paramref name="Steps"/> mini-batches the mean
    /// training loss (cross-entropy with the label smoothing the training minimises) and training top-1 (of the
    /// batches as they were trained on: train mode, weights changing during the epoch — the usual running figure, a
    /// little pessimistic); validation cross-entropy (plain, without smoothing) and top-1 (eval mode, whole validation
    /// set, after the epoch); and the learning rates at the epoch's first step.
    /// </summary>
    /// <param name="Epoch">1-based epoch.</param>
    /// <param name="Steps">Optimizer steps (mini-batches) of the epoch.</param>
    /// <param name="TrainLoss">Mean training loss over the epoch's batches (with label smoothing when set).</param>
    /// <param name="TrainTop1">Training top-1 over the epoch's batches, in train mode as they were trained on.</param>
    /// <param name="ValidationLoss">Validation cross-entropy after the epoch (eval mode, no smoothing).</param>
    /// <param name="ValidationTop1">Validation top-1 after the epoch (eval mode).</param>
    /// <param name="HeadLearningRate">The head's rate at the epoch's first step.</param>
    /// <param name="BackboneLearningRate">The encoder's rate at the epoch's first step, of its top layer under layer decay (0 for a frozen encoder).</param>
    /// <param name="LearningRates">Every group's rate at the epoch's first step, in the order of <see cref="FineTuneResult.ParameterGroups"/>.</param>
    public sealed record FineTuneEpoch(
        int Epoch,
        long Steps,
        double TrainLoss,
        double TrainTop1,
        double ValidationLoss,
        double ValidationTop1,
        double HeadLearningRate,
        double BackboneLearningRate,
        IReadOnlyList<double> LearningRates)
    {
        /// <summary>How far validation top-1 trails training top-1: a growing gap is overfitting.</summary>
        public double GeneralisationGap => TrainTop1 - ValidationTop1;

        /// <inheritdoc />
        public bool Equals(FineTuneEpoch? other) =>
            other is not null
            && Epoch == other.Epoch
            && Steps == other.Steps
            && TrainLoss.Equals(other.TrainLoss)
            && TrainTop1.Equals(other.TrainTop1)
            && ValidationLoss.Equals(other.ValidationLoss)
            && ValidationTop1.Equals(other.ValidationTop1)
            && HeadLearningRate.Equals(other.HeadLearningRate)
            && BackboneLearningRate.Equals(other.BackboneLearningRate)
            && LearningRates.SequenceEqual(other.LearningRates);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Epoch, Steps, TrainLoss, ValidationLoss, ValidationTop1);
    }
}
