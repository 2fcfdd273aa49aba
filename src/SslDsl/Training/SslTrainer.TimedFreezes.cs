using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        private readonly List<TimedFreeze> timedFreezes = new();

        /// <summary>
        /// Leaves <paramref name="parameters"/> out of the first <paramref name="steps"/> optimizer steps (no update, no
        /// weight decay, no moments), as SwAV freezes its prototypes early on. Follows the optimizer's step count, which
        /// checkpoints hold, so a resumed run freezes and unfreezes at the same steps.
        /// </summary>
        protected void FreezeForSteps(IEnumerable<Parameter> parameters, long steps)
        {
            if (steps > 0)
            {
                timedFreezes.Add(new TimedFreeze(parameters.ToArray(), steps));
            }
        }

        /// <summary>Sets each timed freeze's optimizer multiplier for the coming step (only when it changes).</summary>
        private void ApplyTimedFreezes()
        {
            for (int i = 0; i < timedFreezes.Count; i++)
            {
                TimedFreeze freeze = timedFreezes[i];
                double multiplier = Optimizer.StepCount < freeze.Steps ? 0.0 : 1.0;
                if (multiplier != freeze.Multiplier)
                {
                    Optimizer.SetLearningRateMultiplier(freeze.Parameters, multiplier);
                    freeze.Multiplier = multiplier;
                }
            }
        }

        private sealed class TimedFreeze
        {
            public TimedFreeze(Parameter[] parameters, long steps)
            {
                Parameters = parameters;
                Steps = steps;
            }

            public Parameter[] Parameters { get; }

            public long Steps { get; }

            /// <summary>The multiplier last set (1 = as the optimizer starts: not yet applied).</summary>
            public double Multiplier { get; set; } = 1.0;
        }
    }
}
