using SslDsl.Evaluation;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        /// <summary>
        /// Re-estimates the encoder's batch-norm statistics from <paramref name="data"/> (typically the clean, unaugmented
        /// training inputs, no labels) before evaluating it: pretraining gathered them on augmented views.
        /// <see cref="Embed"/>, the probes and fine-tuning then use the new statistics; weights do not change, and the
        /// projector and any momentum encoder keep theirs. See <see cref="BatchNormRecalibration"/>. Returns the number of
        /// layers updated.
        /// </summary>
        public int RecalibrateBatchNorm(Tensor data, int batchSize = SslDefaults.EvaluationBatchSize)
        {
            Settings.Input.Check(data, nameof(data), Settings.Experiment);
            return BatchNormRecalibration.Run(EncoderModule, Settings.Input.EncoderView(data), Device, batchSize);
        }
    }
}
