using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Pretrained;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        /// <summary>Encoder parameters whose requires_grad the current step turned off (reused: no allocation per step).</summary>
        private readonly List<Parameter> frozenThisStep = new();
        private HeadWarmup? headWarmup;

        /// <summary>The learning-rate multiplier the optimizer holds for the encoder's parameters now.</summary>
        private double encoderMultiplier = 1.0;
        private Parameter[]? encoderParameters;
        private Parameter[]? encoderParametersInOptimizer;

        /// <summary>
        /// Continued pretraining with fresh heads: the encoder stays frozen for the first <see cref="HeadWarmup.Steps"/>
        /// optimizer steps (no gradient reaches it and the optimizer leaves it exactly as it is — no weight decay, no
        /// momentum), then trains at <see cref="HeadWarmup.EncoderLearningRateMultiplier"/> × the scheduled rate; the heads
        /// train at the scheduled rate throughout. <c>Fit</c> and <see cref="Step"/> honour it. The frozen phase is a
        /// function of <see cref="OptimizerSteps"/>, which checkpoints hold, so a resumed run freezes exactly the steps the
        /// uninterrupted one would: set the same value before <c>Fit(resume: true)</c> or <see cref="Load"/> (it is a
        /// run-time option, not part of the checkpoint). BatchNorm running statistics keep updating while frozen (the
        /// step still runs the encoder in training mode). Null (the default) for none. Settable between optimizer steps.
        /// </summary>
        /// <exception cref="InvalidOperationException">Gradients are pending, or the optimizer trains nothing but the encoder (no head to warm up).</exception>
        public HeadWarmup? HeadWarmup
        {
            get => headWarmup;
            set
            {
                ThrowIfGradientsPending("change the head warm-up");
                if (value is { Steps: > 0 } && EncoderParametersInOptimizer().Length == Optimizer.Parameters.Length)
                {
                    throw new InvalidOperationException($"{Settings.Experiment}'s optimizer trains only the encoder: with it frozen there is no head to warm up");
                }

                headWarmup = value;
            }
        }

        /// <summary>Whether the next optimizer step leaves the encoder frozen (<see cref="HeadWarmup"/>).</summary>
        public bool EncoderFrozen => headWarmup is { } warmup && Optimizer.StepCount < warmup.Steps;

        /// <summary>
        /// Loads released encoder weights (a <c>torch.save</c> state dict or a safetensors file) into this trainer's
        /// encoder, and into its momentum copy when the objective has one (BYOL, MoCo), through the name mapping of
        /// <paramref name="layout"/> (see <see cref="PretrainedWeights.Load"/>). Heads, optimizer state and the run stay as
        /// they are. The file is checked against both encoders before anything is copied.
        /// </summary>
        /// <exception cref="PretrainedWeightsMismatchException">The file does not fit the encoder (nothing was changed).</exception>
        /// <exception cref="InvalidOperationException">Gradients of an optimizer step are pending.</exception>
        public PretrainedLoadResult LoadPretrainedEncoder(string path, WeightLayout layout, string? prefix = null)
        {
            ThrowIfGradientsPending("load pretrained encoder weights");
            using var scope = NewDisposeScope();
            StagedWeights staged = PretrainedWeights.Stage(EncoderModule, path, layout, prefix);
            nn.Module[] targets = modules.Where(m => m.Name == TargetEncoderName).Select(m => m.Module).ToArray();
            if (targets.FirstOrDefault(t => !staged.Fits(t)) is { } different)
            {
                throw new InvalidOperationException($"{Settings.Experiment}'s momentum encoder ({different.GetType().Name}) is not laid out as its encoder; nothing was loaded");
            }

            staged.CopyInto(EncoderModule);
            foreach (nn.Module target in targets)
            {
                staged.CopyInto(target);
            }

            return staged.Result;
        }

        /// <summary>
        /// <see cref="LoadPretrainedEncoder"/>, then <see cref="HeadWarmup"/> = (<paramref name="headWarmupSteps"/>,
        /// <paramref name="encoderLearningRateMultiplier"/>): the fresh heads learn alone for that many optimizer steps,
        /// then the encoder joins at the lower rate. Call it on a new trainer, before <c>Fit</c>; to resume such a run,
        /// call it again on the new trainer (its weights are then replaced by the checkpoint's) or set the same
        /// <see cref="HeadWarmup"/>.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="headWarmupSteps"/> &lt; 0 or the multiplier not in (0, ∞).</exception>
        /// <exception cref="PretrainedWeightsMismatchException">The file does not fit the encoder (nothing was changed).</exception>
        public PretrainedLoadResult ContinuePretraining(string path, WeightLayout layout, int headWarmupSteps, double encoderLearningRateMultiplier, string? prefix = null)
        {
            HeadWarmup? before = headWarmup;
            HeadWarmup = new HeadWarmup(headWarmupSteps, encoderLearningRateMultiplier); // checked before the file is read
            try
            {
                return LoadPretrainedEncoder(path, layout, prefix);
            }
            catch
            {
                headWarmup = before; // a failed load changes nothing
                throw;
            }
        }

        /// <summary>
        /// Puts the optimizer's encoder multiplier where <see cref="HeadWarmup"/> wants it for this step and, while the
        /// encoder is frozen, turns its parameters' requires_grad off so that backward stops at the heads (what the
        /// returned value turns back on when the step ends).
        /// </summary>
        private EncoderFreeze BeginHeadWarmupStep()
        {
            if (headWarmup is null && encoderMultiplier == 1.0)
            {
                return default;
            }

            bool frozen = EncoderFrozen;
            double multiplier = headWarmup is null ? 1.0 : frozen ? 0.0 : headWarmup.EncoderLearningRateMultiplier;
            if (multiplier != encoderMultiplier)
            {
                Optimizer.SetLearningRateMultiplier(EncoderParametersInOptimizer(), multiplier);
                encoderMultiplier = multiplier;
            }

            if (!frozen)
            {
                return default;
            }

            frozenThisStep.Clear();
            foreach (Parameter p in encoderParameters ??= EncoderModule.parameters().ToArray())
            {
                if (p.requires_grad)
                {
                    p.requires_grad = false;
                    frozenThisStep.Add(p);
                }
            }

            return new EncoderFreeze(frozenThisStep);
        }

        private Parameter[] EncoderParametersInOptimizer()
        {
            if (encoderParametersInOptimizer is null)
            {
                var encoderParameters = new HashSet<Parameter>(EncoderModule.parameters(), ReferenceEqualityComparer.Instance);
                encoderParametersInOptimizer = Optimizer.Parameters.Where(encoderParameters.Contains).ToArray();
            }

            return encoderParametersInOptimizer;
        }

        /// <summary>Turns requires_grad back on for the encoder parameters a frozen step turned off.</summary>
        private readonly struct EncoderFreeze : IDisposable
        {
            private readonly List<Parameter>? turnedOff;

            public EncoderFreeze(List<Parameter> turnedOff) => this.turnedOff = turnedOff;

            public void Dispose()
            {
                if (turnedOff is null)
                {
                    return;
                }

                foreach (Parameter p in turnedOff)
                {
                    p.requires_grad = true;
                }

                turnedOff.Clear();
            }
        }
    }
}
