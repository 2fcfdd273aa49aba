using System;
using System.Collections.Generic;
using SslDsl.Training.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// Dynamic loss scaling for Float16 (PyTorch's <c>torch.amp.GradScaler</c>, Micikevicius et al. 2018): the loss is
    /// multiplied by <see cref="Scale"/> before backward so that small gradients do not underflow in float16; before the
    /// optimizer step the gradients are divided by it and checked. A step with an inf/NaN gradient is skipped and the
    /// scale halved; after <see cref="GrowthInterval"/> good steps in a row it is doubled. The check reads one number
    /// from the device per optimizer step, as PyTorch's scaler does; BFloat16 and Float32 never use it.
    /// </summary>
    public sealed class GradScaler : ICheckpointState
    {
        public GradScaler(double initialScale = 65536.0, double growthFactor = 2.0, double backoffFactor = 0.5, int growthInterval = 2000)
        {
            if (!(initialScale > 0) || !double.IsFinite(initialScale))
            {
                throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "the loss scale must be a finite number > 0");
            }

            if (!(growthFactor > 1) || !(backoffFactor > 0 && backoffFactor < 1) || growthInterval < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(growthInterval), $"growth factor must be > 1 (got {growthFactor}), backoff in (0, 1) (got {backoffFactor}), growth interval >= 1 (got {growthInterval})");
            }

            Scale = initialScale;
            GrowthFactor = growthFactor;
            BackoffFactor = backoffFactor;
            GrowthInterval = growthInterval;
        }

        /// <summary>The current loss scale.</summary>
        public double Scale { get; private set; }

        public double GrowthFactor { get; }

        public double BackoffFactor { get; }

        public int GrowthInterval { get; }

        /// <summary>Good steps since the scale last changed.</summary>
        public int GrowthTracker { get; private set; }

        /// <summary>Optimizer steps skipped because a gradient was not finite.</summary>
        public long SkippedSteps { get; private set; }

        /// <summary>The loss times <see cref="Scale"/>, to call <c>backward</c> on.</summary>
        public Tensor ScaleLoss(Tensor loss) => loss.mul(Scale);

        /// <summary>
        /// Divides every gradient of <paramref name="parameters"/> by <see cref="Scale"/> in place and returns whether
        /// all are finite (the one host read). Call once per optimizer step, after the last backward.
        /// </summary>
        public bool Unscale(IReadOnlyList<Parameter> parameters)
        {
            using var scope = NewDisposeScope();
            double inverse = 1.0 / Scale;
            Tensor? total = null;
            for (int i = 0; i < parameters.Count; i++)
            {
                Tensor? grad = parameters[i].grad;
                if (grad is null)
                {
                    continue;
                }

                grad.mul_(inverse);
                Tensor sum = grad.sum(ScalarType.Float64); // inf or NaN anywhere makes the sum inf or NaN
                total = total is null ? sum : total.add_(sum);
            }

            return total is null || double.IsFinite(total.item<double>());
        }

        /// <summary>Sets the scale (PyTorch's <c>update(new_scale)</c>), e.g. a start that suits the model; restarts growth counting.</summary>
        public void SetScale(double scale)
        {
            if (!(scale > 0) || !double.IsFinite(scale))
            {
                throw new ArgumentOutOfRangeException(nameof(scale), scale, "the loss scale must be a finite number > 0");
            }

            Scale = scale;
            GrowthTracker = 0;
        }

        /// <summary>Advances the state machine after a step: <paramref name="finite"/> false means the step was skipped.</summary>
        public void Update(bool finite)
        {
            if (!finite)
            {
                Scale *= BackoffFactor;
                GrowthTracker = 0;
                SkippedSteps++;
                return;
            }

            if (++GrowthTracker == GrowthInterval)
            {
                Scale *= GrowthFactor;
                GrowthTracker = 0;
            }
        }

        public void Write(StateWriter writer, string prefix)
        {
            writer.Double(prefix + "scale", Scale);
            writer.Int64(prefix + "growth_tracker", GrowthTracker);
            writer.Int64(prefix + "skipped", SkippedSteps);
        }

        public Action Stage(StateReader reader, string prefix)
        {
            double scale = reader.Double(prefix + "scale");
            if (!(scale > 0) || !double.IsFinite(scale))
            {
                throw reader.Invalid($"has loss scale {scale} (must be a finite number > 0)");
            }

            long tracker = reader.Int64(prefix + "growth_tracker", 0, GrowthInterval - 1);
            long skipped = reader.Int64(prefix + "skipped", 0, long.MaxValue);
            return () =>
            {
                Scale = scale;
                GrowthTracker = (int)tracker;
                SkippedSteps = skipped;
            };
        }
    }
}
