using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using SslDsl.Training.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Optimization
{
    /// <summary>
    /// Base of SslDsl's optimizers: a flat list of parameters, each tagged whether it is a bias or normalisation
    /// parameter (1-D, excluded from weight decay and LARS adaptation as in the SimCLR / Barlow Twins code), with
    /// state buffers allocated once. The learning rate is passed to <see cref="Step"/> so that the schedule stays on
    /// the host (no tensor, no sync).
    /// <para>
    /// The parameters' storage moves into one flat buffer per dtype and device (<see cref="FlatStorage"/>), their
    /// gradients become views of a second one, and the state buffers are laid out the same way, so a step is a
    /// handful of whole-buffer ops whatever the number of parameters (decay via a 0/1 mask over the excluded
    /// segments). The per-parameter loop remains for steps in which some parameter has no gradient yet (it is left
    /// alone, as PyTorch leaves a parameter whose <c>.grad</c> is none) or is frozen.
    /// </para>
    /// <para>
    /// Per-parameter learning-rate multipliers (<see cref="SetLearningRateMultiplier"/>) act as PyTorch's per-group
    /// <c>lr</c>; a multiplier of 0 freezes a parameter, and <see cref="ParameterSteps"/> counts each parameter's own
    /// updates, as PyTorch's per-parameter <c>step</c> state does (AdamW's bias correction uses it).
    /// </para>
    /// </summary>
    public abstract class SslOptimizer : ICheckpointState, IDisposable
    {
        private readonly ParameterGroup[] groups;
        private readonly List<Tensor> owned = new();
        private readonly Dictionary<Parameter, int> indexOf = new(ReferenceEqualityComparer.Instance);
        private readonly double[] multipliers;
        private readonly long[] parameterSteps;
        private Tensor[]? gradientBuffers;
        private bool anyFrozen;

        /// <summary>Once the per-parameter counts were written, every later write has them (a snapshot must not keep stale ones).</summary>
        private bool writesParameterSteps;

        protected SslOptimizer(IEnumerable<Parameter> parameters)
        {
            Parameters = parameters.Where(p => p.requires_grad).ToArray();
            if (Parameters.Length == 0)
            {
                throw new ArgumentException("the optimizer got no trainable parameters", nameof(parameters));
            }

            Excluded = Parameters.Select(p => p.dim() <= 1).ToArray();
            groups = ParameterGroup.Split(Parameters, Excluded);
            for (int i = 0; i < Parameters.Length; i++)
            {
                indexOf.TryAdd(Parameters[i], i);
            }

            multipliers = Enumerable.Repeat(1.0, Parameters.Length).ToArray();
            parameterSteps = new long[Parameters.Length];
        }

        /// <summary>The optimized parameters in a fixed order (checkpoints rely on it).</summary>
        public Parameter[] Parameters { get; }

        /// <summary>Per parameter: true for biases and normalisation weights (no decay, no adaptation).</summary>
        public bool[] Excluded { get; }

        /// <summary>Optimizer steps taken so far.</summary>
        public long StepCount { get; protected set; }

        /// <summary>
        /// Per parameter (in <see cref="Parameters"/> order), the factor on the learning rate <see cref="Step"/> is given:
        /// 1 unless <see cref="SetLearningRateMultiplier"/> changed it.
        /// </summary>
        public IReadOnlyList<double> LearningRateMultipliers => multipliers;

        /// <summary>
        /// Per parameter, the steps that updated it (PyTorch's per-parameter <c>step</c>): <see cref="StepCount"/> less the
        /// steps it was frozen for. AdamW's bias correction counts these, so that a parameter unfrozen after N steps
        /// starts its moments as a fresh one would rather than with corrections for N + 1 steps.
        /// </summary>
        public IReadOnlyList<long> ParameterSteps => parameterSteps;

        /// <summary>
        /// Sets the learning-rate multiplier of <paramref name="parameters"/> (each must be one of <see cref="Parameters"/>):
        /// their update uses <paramref name="multiplier"/> × the learning rate, as a PyTorch parameter group with its own
        /// <c>lr</c> (so AdamW's decoupled decay, <c>w ← w(1 − lr·λ)</c>, uses it too). 0 freezes them: a step leaves them,
        /// their momentum and their moments exactly as they are — no decay either — as PyTorch leaves a parameter whose
        /// <c>.grad</c> is none. SslDsl's optimizers honour it; a subclass that overrides <see cref="Step"/> must itself.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="multiplier"/> is negative, NaN or infinite.</exception>
        /// <exception cref="ArgumentException">A parameter is not one this optimizer updates.</exception>
        public void SetLearningRateMultiplier(IEnumerable<Parameter> parameters, double multiplier)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            if (!(multiplier >= 0) || double.IsInfinity(multiplier))
            {
                throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "a learning-rate multiplier must be finite and >= 0 (0 freezes)");
            }

            var indices = new List<int>();
            foreach (Parameter p in parameters)
            {
                indices.Add(indexOf.TryGetValue(p, out int i) ? i : throw new ArgumentException("a parameter is not one this optimizer updates", nameof(parameters)));
            }

            foreach (int i in indices)
            {
                multipliers[i] = multiplier;
            }

            foreach (ParameterGroup group in groups)
            {
                group.SetMultipliers(multipliers);
            }

            anyFrozen = multipliers.Contains(0.0);
        }

        /// <summary>
        /// The flat gradient buffers (one per dtype and device of the parameters): every gradient bound so far is a
        /// view of one of them, so scaling, unscaling or checking these covers every parameter's gradient in one op
        /// per buffer (padding and parameters without a gradient yet are zeros). Binds gradients that appeared since
        /// the last step first. Owned by the optimizer.
        /// </summary>
        public IReadOnlyList<Tensor> GradientBuffers()
        {
            foreach (ParameterGroup group in groups)
            {
                group.Prepare();
            }

            return gradientBuffers ??= groups.Select(g => g.Gradients).ToArray();
        }

        /// <summary>
        /// Updates every parameter that has a gradient, with the given learning rate. SslDsl's optimizers implement the
        /// fused and per-parameter updates below; another subclass overrides this instead (its parameters and
        /// gradients are views of the flat buffers all the same).
        /// </summary>
        public virtual void Step(double learningRate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            bool fused = FlatStorage.FusedUpdates;
            foreach (ParameterGroup group in groups)
            {
                fused &= group.Prepare();
            }

            // A frozen parameter must keep its state as well as its value, which the whole-buffer ops would not:
            // the loop skips it (with a frozen encoder that loop covers only the heads).
            if (fused && !anyFrozen)
            {
                foreach (ParameterGroup group in groups)
                {
                    StepGroup(group, learningRate);
                }
            }
            else
            {
                StepEachParameter(learningRate);
            }

            for (int i = 0; i < parameterSteps.Length; i++)
            {
                if (multipliers[i] != 0)
                {
                    parameterSteps[i]++;
                }
            }

            StepCount++;
        }

        /// <summary>Whether parameter <paramref name="index"/> is frozen (multiplier 0): the per-parameter updates skip it.</summary>
        private protected bool IsFrozen(int index) => multipliers[index] == 0;

        /// <summary>The learning rate of parameter <paramref name="index"/>: its multiplier × <paramref name="learningRate"/>.</summary>
        private protected double RateOf(int index, double learningRate) => multipliers[index] == 1 ? learningRate : learningRate * multipliers[index];

        /// <summary>Zeroes every gradient in place (they stay defined: autograd accumulates into the flat buffers).</summary>
        public void ZeroGrad()
        {
            foreach (ParameterGroup group in groups)
            {
                group.ZeroGrad();
            }
        }

        /// <summary>The update of one group as whole-buffer ops (every member has a bound gradient); inside no_grad and a dispose scope.</summary>
        private protected virtual void StepGroup(ParameterGroup group, double learningRate) =>
            throw new NotSupportedException($"{GetType().Name} overrides neither Step nor the fused update");

        /// <summary>The same update parameter by parameter, skipping parameters without a gradient (the reference the fused step is tested against).</summary>
        private protected virtual void StepEachParameter(double learningRate) =>
            throw new NotSupportedException($"{GetType().Name} overrides neither Step nor the per-parameter update");

        /// <summary>State buffers in a fixed order, for checkpoints.</summary>
        protected abstract IEnumerable<Tensor> StateTensors();

        /// <summary>
        /// The step count and every state buffer, in a fixed order; the per-parameter step counts once some parameter was
        /// frozen (until then they all equal the step count, and checkpoints stay as they were).
        /// </summary>
        public void Write(StateWriter writer, string prefix)
        {
            writer.Int64(prefix + "steps", StepCount);
            writesParameterSteps |= parameterSteps.Any(s => s != StepCount);
            if (writesParameterSteps)
            {
                using Tensor counts = tensor(parameterSteps);
                writer.Tensor(prefix + "parameter_steps", counts);
            }

            int i = 0;
            foreach (Tensor t in StateTensors())
            {
                writer.Tensor(prefix + "state." + i++, t);
            }
        }

        public Action Stage(StateReader reader, string prefix)
        {
            long steps = reader.Int64(prefix + "steps", 0, long.MaxValue);
            long[] counts = Enumerable.Repeat(steps, Parameters.Length).ToArray();
            if (reader.Contains(prefix + "parameter_steps"))
            {
                Tensor staged = reader.Tensor(prefix + "parameter_steps", new long[] { Parameters.Length }, ScalarType.Int64);
                using (NewDisposeScope())
                {
                    counts = staged.cpu().contiguous().data<long>().ToArray();
                }

                if (counts.Any(c => c < 0 || c > steps))
                {
                    throw reader.Invalid($"'{prefix}parameter_steps' has a count outside [0, {steps}]");
                }
            }

            var copies = new StagedCopies();
            int i = 0;
            foreach (Tensor live in StateTensors())
            {
                copies.Add(live, reader, prefix + "state." + i++);
            }

            return () =>
            {
                copies.CopyIn();
                StepCount = steps;
                counts.CopyTo(parameterSteps, 0);
            };
        }

        public void Dispose()
        {
            foreach (Tensor t in owned)
            {
                t.Dispose();
            }

            owned.Clear();
            foreach (ParameterGroup group in groups)
            {
                group.Dispose();
            }

            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// One zero state buffer per group, laid out like its parameters, and per parameter its view (same shape,
        /// dtype and device, in <see cref="Parameters"/> order: what checkpoints store); owned by the optimizer.
        /// </summary>
        private protected FlatState NewState()
        {
            var flat = new Tensor[groups.Length];
            var perParameter = new Tensor[Parameters.Length];
            for (int g = 0; g < groups.Length; g++)
            {
                flat[g] = groups[g].Storage.NewZeros();
                owned.Add(flat[g]);
                Tensor[] segments = groups[g].Storage.Segments(flat[g]);
                for (int i = 0; i < segments.Length; i++)
                {
                    perParameter[groups[g].Indices[i]] = segments[i];
                    owned.Add(segments[i]);
                }
            }

            return new FlatState(groups, flat, perParameter);
        }

        /// <summary>An optimizer state buffer: flat per group, and viewed per parameter.</summary>
        private protected sealed class FlatState
        {
            private readonly ParameterGroup[] groups;
            private readonly Tensor[] flat;

            public FlatState(ParameterGroup[] groups, Tensor[] flat, Tensor[] perParameter)
            {
                this.groups = groups;
                this.flat = flat;
                PerParameter = perParameter;
            }

            /// <summary>Per parameter (optimizer order), its view.</summary>
            public Tensor[] PerParameter { get; }

            /// <summary>The flat buffer of <paramref name="group"/>.</summary>
            public Tensor Of(ParameterGroup group) => flat[Array.IndexOf(groups, group)];
        }
    }
}
