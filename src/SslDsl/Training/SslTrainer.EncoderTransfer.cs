using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        /// <summary>
        /// Continued pretraining across experiments: copies the encoder weights (parameters and buffers, batch-norm
        /// statistics included) of <paramref name="source"/> into this trainer's encoder, matched by name, e.g. an encoder
        /// pretrained on one data set with one recipe, trained further on another with other augmentations. A momentum
        /// target encoder (BYOL, MoCo) gets the same weights, so that both branches start from them. Heads, optimizer
        /// state and the run are left as they are (a new <c>Fit</c> warms up from the copied weights).
        /// </summary>
        /// <exception cref="ArgumentException">The encoders differ: a name one has and the other lacks, or a shape or dtype
        /// (the message names the first such entry and both experiments).</exception>
        /// <exception cref="InvalidOperationException">Gradients of an optimizer step are pending in this trainer.</exception>
        public void LoadEncoderWeights(SslTrainer source)
        {
            ArgumentNullException.ThrowIfNull(source);
            if (ReferenceEquals(source, this))
            {
                return;
            }

            ThrowIfGradientsPending("load encoder weights");
            Dictionary<string, Tensor> from = Pretrained.StagedWeights.EntriesOf(source.EncoderModule);
            // Every destination is checked before any is written: a mismatch leaves this trainer as it was.
            var targets = new List<Dictionary<string, Tensor>> { Pretrained.StagedWeights.EntriesOf(EncoderModule) };
            targets.AddRange(modules.Where(m => m.Name == TargetEncoderName).Select(m => Pretrained.StagedWeights.EntriesOf(m.Module)));
            foreach (Dictionary<string, Tensor> to in targets)
            {
                CheckSameLayout(source.Settings.Experiment, from, to);
            }

            using var noGrad = no_grad();
            foreach (Dictionary<string, Tensor> to in targets)
            {
                foreach ((string name, Tensor value) in to)
                {
                    value.copy_(from[name]); // in place: the optimizer keeps its references to these parameters
                }
            }
        }

        /// <summary>The module name of the momentum copy of the encoder in generated trainers (BYOL, MoCo).</summary>
        private const string TargetEncoderName = "target_encoder";

        private void CheckSameLayout(string sourceExperiment, Dictionary<string, Tensor> from, Dictionary<string, Tensor> to)
        {
            string? missing = to.Keys.FirstOrDefault(name => !from.ContainsKey(name));
            if (missing is not null)
            {
                throw new ArgumentException($"cannot load the encoder of {sourceExperiment} into {Settings.Experiment}: it has no '{missing}' (the encoders differ)", "source");
            }

            string? extra = from.Keys.FirstOrDefault(name => !to.ContainsKey(name));
            if (extra is not null)
            {
                throw new ArgumentException($"cannot load the encoder of {sourceExperiment} into {Settings.Experiment}: '{extra}' has no counterpart in {Settings.Experiment}'s encoder (the encoders differ)", "source");
            }

            foreach ((string name, Tensor value) in to)
            {
                Tensor other = from[name];
                if (!other.shape.SequenceEqual(value.shape) || other.dtype != value.dtype)
                {
                    throw new ArgumentException(
                        $"cannot load the encoder of {sourceExperiment} into {Settings.Experiment}: '{name}' is {other.dtype} [{string.Join(", ", other.shape)}] there but {value.dtype} [{string.Join(", ", value.shape)}] here",
                        "source");
                }
            }
        }
    }
}
