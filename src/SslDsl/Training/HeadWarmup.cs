using System;

namespace SslDsl.Training
{
    /// <summary>
    /// Continued pretraining with fresh heads (<see cref="SslTrainer.HeadWarmup"/>): for the first <see cref="Steps"/>
    /// optimizer steps of the trainer the encoder is frozen and only the heads (projector, predictor, decoder) learn;
    /// from then on the encoder trains at <see cref="EncoderLearningRateMultiplier"/> × the scheduled learning rate.
    /// Fresh heads at full rate send large, meaningless gradients into pretrained weights and can undo them
    /// (facebookresearch/dinov2#204: continuing DINOv2 with new heads collapsed its kNN accuracy).
    /// </summary>
    public sealed record HeadWarmup
    {
        /// <summary>Freezes the encoder for <paramref name="steps"/> optimizer steps, then trains it at <paramref name="encoderLearningRateMultiplier"/> × the rate.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 0, or the multiplier is not in (0, ∞).</exception>
        public HeadWarmup(int steps, double encoderLearningRateMultiplier = 1.0)
        {
            if (steps < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(steps), steps, "head warm-up steps must be >= 0");
            }

            if (!(encoderLearningRateMultiplier > 0) || double.IsInfinity(encoderLearningRateMultiplier))
            {
                throw new ArgumentOutOfRangeException(nameof(encoderLearningRateMultiplier), encoderLearningRateMultiplier, "the encoder's learning-rate multiplier must be finite and > 0");
            }

            Steps = steps;
            EncoderLearningRateMultiplier = encoderLearningRateMultiplier;
        }

        /// <summary>
        /// Optimizer steps with the encoder frozen: steps 0 … Steps − 1 of the trainer's count
        /// (<see cref="SslTrainer.OptimizerSteps"/>), so a resumed run, whose count comes from the checkpoint, freezes
        /// exactly the steps the uninterrupted run would.
        /// </summary>
        public int Steps { get; }

        /// <summary>The encoder's learning rate after the warm-up, as a factor on the schedule's (the heads keep 1).</summary>
        public double EncoderLearningRateMultiplier { get; }
    }
}
