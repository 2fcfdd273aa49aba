using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Distributed;
using SslDsl.Encoders;
using SslDsl.Objectives;
using SslDsl.Optimization;
using SslDsl.Training.Checkpoints;
using SslDsl.Augmentations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// The training loop every experiment shares: epochs and batches, gradient accumulation, the learning-rate
    /// schedule, time budget and cancellation, the non-finite guard, checkpoints and exact resume, evaluation. A
    /// generated trainer derives from it and supplies what is specific to its experiment: the constants
    /// (<see cref="TrainerSettings"/>), its typed modules (registered in its constructor) and
    /// <see cref="ComputeLoss"/>, the straight-line augment → encode → loss of one batch.
    /// </summary>
    public abstract partial class SslTrainer : ISslTrainer
    {
        private readonly List<(string Name, nn.Module Module)> modules = new();
        private readonly List<(string Prefix, ICheckpointState State)> states = new();
        private readonly List<IDisposable> owned = new();
        private readonly Tensor lossSum;
        private readonly Tensor windowLossSum;
        private SslOptimizer? optimizer;
        private nn.Module<Tensor, Tensor>? encoder;
        private int encoderOutputDim;
        private long microSteps;
        private TrainingRun? run;
        private TrainingRun? activeRun;
        private WarmupCosineSchedule schedule;
        private Precision precision;
        private AutocastScope lowPrecisionRegion;
        private bool inLowPrecision;
        private readonly GradScaler scaler = new();

        protected SslTrainer(TrainerSettings settings, Device device, int seed)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            Device = device ?? throw new ArgumentNullException(nameof(device));
            Seed = seed;
            Generator = new Generator((ulong)seed, device);
            states.Add(("rng.", new GeneratorState(Generator))); // augmentation and masking draws continue where they stopped
            lossSum = zeros(1, device: device).DetachFromDisposeScope();
            windowLossSum = zeros(1, device: device).DetachFromDisposeScope();
            schedule = WarmupCosineSchedule.Constant(settings.LearningRate);
            Checkpoints = settings.Checkpoints;
            Precision = settings.Precision;
            Health = settings.Health;
            OnlineProbe = settings.OnlineProbe;
            states.Add(("scaler.", scaler)); // Float16's loss scale continues where it stopped (written for every precision, so runs may switch)
            if (settings.DataParallel is { } parallel)
            {
                ProcessGroup = ProcessGroups.FromLauncher(TimeSpan.FromSeconds(parallel.TimeoutSeconds)); // one process when not launched by mpirun
                SyncBatchNorm = parallel.SyncBatchNorm;
            }
        }

        /// <summary>The experiment's constants (from its attributes).</summary>
        public TrainerSettings Settings { get; }

        /// <summary>Where modules, augmentations and the step run.</summary>
        public Device Device { get; }

        /// <summary>Seed of initialisation, augmentations and batch order.</summary>
        public int Seed { get; }

        /// <summary>Optimizer steps taken (all runs, and direct <see cref="Step"/> calls).</summary>
        public long OptimizerSteps => Optimizer.StepCount;

        /// <summary>Learning rate of the next optimizer step.</summary>
        public double LearningRate => schedule.At(run?.StepsDone ?? Optimizer.StepCount);

        /// <summary>The current (or last) pretraining run: its plan and how far it got; null before the first <c>Fit</c>.</summary>
        public TrainingRun? Run => run;

        /// <summary>Periodic checkpoints of <c>Fit</c> ([Checkpoint]); null for none. Settable to change the folder at run time.</summary>
        public CheckpointPolicy? Checkpoints { get; set; }

        /// <summary>
        /// Precision of the networks in the training step ([Training(Precision)] by default): Float32, or BFloat16 /
        /// Float16 mixed precision through libtorch's autocast (convolutions, linear layers and matrix products in the
        /// low precision; augmentations, normalisation statistics, the loss and the optimizer in float32, with float32
        /// master weights). Float16 adds dynamic loss scaling (<see cref="LossScaler"/>). Evaluation always embeds in
        /// float32. Settable between optimizer steps, e.g. to fall back to Float32 where <see cref="PrecisionWarning"/>
        /// says the device emulates the low precision.
        /// </summary>
        public Precision Precision
        {
            get => precision;
            set
            {
                _ = MixedPrecision.ComputeType(value); // rejects undefined values
                if (optimizer is not null && microSteps % Settings.AccumulationSteps != 0)
                {
                    throw new InvalidOperationException("the precision can change only between optimizer steps (gradients of this step are pending)");
                }

                if (value != Precision.Float32 && !Autocast.IsAvailable(out string? problem))
                {
                    throw new NotSupportedException($"Precision.{value} needs libtorch's autocast, which this process cannot reach: {problem}");
                }

                precision = value;
            }
        }

        /// <summary>Why <see cref="Precision"/> runs slower than Float32 on <see cref="Device"/> (emulated), or null; Fit shows it.</summary>
        public string? PrecisionWarning => MixedPrecision.Warning(precision, Device);

        /// <summary>Float16's dynamic loss scale (in checkpoints); unused by the other precisions.</summary>
        public GradScaler LossScaler => scaler;

        /// <summary>Draws of augmentations and masking (seeded, in the checkpoint).</summary>
        protected Generator Generator { get; }

        private SslOptimizer Optimizer => optimizer ?? throw new InvalidOperationException($"{GetType().Name} has no optimizer: call UseOptimizer in its constructor");

        /// <summary>The representation that evaluation embeds with (before any head).</summary>
        private nn.Module<Tensor, Tensor> EncoderModule => encoder ?? throw new InvalidOperationException($"{GetType().Name} has no encoder: call RegisterEncoder in its constructor");

        /// <summary>
        /// The experiment's loss on one batch (on <see cref="Device"/>, as <see cref="BatchSampler"/> makes it): augment,
        /// encode, project, compare. Runs inside the step's dispose scope; the runtime does backward and the optimizer step.
        /// </summary>
        protected abstract Tensor ComputeLoss(Tensor batch);

        /// <summary>Called after each optimizer step (momentum encoders follow the online ones here).</summary>
        protected virtual void AfterOptimizerStep()
        {
        }

        /// <summary>
        /// One training step on <paramref name="batch"/> (float32 images in [0, 1], float windows or int64 token ids,
        /// on <see cref="Device"/>, as <see cref="BatchSampler.Batch"/> makes them): loss, backward, and every
        /// <see cref="TrainerSettings.AccumulationSteps"/>-th call the optimizer step. A joint-embedding trainer with
        /// AccumulationSteps &gt; 1 keeps a copy of the batch instead and, at the N-th call, computes the loss of all N
        /// batches together (GradCache; see <see cref="JointEmbeddingTrainer"/>). The loss stays on the device (no host
        /// synchronisation); the batch is not checked (that would synchronise): <c>Fit</c> checks its data once.
        /// </summary>
        public void Step(Tensor batch)
        {
            if (teacher is not null && !teacherPrepared)
            {
                PrepareTeacher(); // [Distill]: direct steps check the teacher as Fit does
            }

            StepCore(batch, owned: false);
        }

        /// <summary>Returns whether the optimizer stepped. An <paramref name="owned"/> batch is the step's to dispose.</summary>
        private bool StepCore(Tensor batch, bool owned)
        {
            using EncoderFreeze freeze = BeginHeadWarmupStep(); // continued pretraining: the heads learn alone first
            ApplyTimedFreezes(); // e.g. SwAV's prototypes, frozen for the first steps
            if (Settings.AccumulationSteps > 1 && this is JointEmbeddingTrainer joint)
            {
                return CachedGradientStep(joint, batch, owned);
            }

            try
            {
                return AccumulatedStep(batch);
            }
            finally
            {
                if (owned)
                {
                    batch.Dispose();
                }
            }
        }

        /// <summary>Plain gradient accumulation: each batch's loss on its own, gradients averaged over the group.</summary>
        private bool AccumulatedStep(Tensor batch)
        {
            using var scope = NewDisposeScope(); // everything the step makes, optimizer temporaries included, dies here
            Tensor loss;
            if (this is not JointEmbeddingTrainer)
            {
                ObserveBatch(batch); // joint-embedding trainers feed the probe the features their step computes anyway
            }

            try
            {
                using SampleDraws.Scope draws = DrawForRankRows(batch, microSteps);
                loss = ComputeLoss(batch);
            }
            finally
            {
                EndLowPrecision(); // backward and everything after run outside autocast, even when the loss threw
            }

            Tensor detached = loss.detach();
            lossSum.add_(detached);
            windowLossSum.add_(detached);
            loss = ScaledForBackward(loss);
            (Settings.AccumulationSteps == 1 ? loss : loss.div(Settings.AccumulationSteps)).backward(); // accumulated gradients average
            microSteps++;
            if (microSteps % Settings.AccumulationSteps != 0)
            {
                return false;
            }

            OptimizerStep();
            return true;
        }

        /// <summary>What backward starts from: Float16 scales the loss so that small gradients survive in float16.</summary>
        private Tensor ScaledForBackward(Tensor loss) => precision == Precision.Float16 ? scaler.ScaleLoss(loss) : loss;

        /// <summary>
        /// The optimizer step on the accumulated gradients, then the per-step hooks (momentum encoders). Float16: a step
        /// whose unscaled gradients overflowed is skipped (the run still counts it: its batches are used).
        /// </summary>
        private void OptimizerStep()
        {
            AverageGradientsOverRanks(); // data parallel: every rank steps with the global batch's gradient
            bool finite = precision != Precision.Float16 || scaler.UnscaleGradients(Optimizer.GradientBuffers());
            if (finite)
            {
                Optimizer.Step(schedule.At(activeRun?.StepsDone ?? Optimizer.StepCount));
            }

            Optimizer.ZeroGrad();
            if (precision == Precision.Float16)
            {
                scaler.Update(finite);
            }

            if (activeRun is { } r)
            {
                r.StepsDone++;
            }

            if (finite)
            {
                AfterOptimizerStep();
            }
        }

        /// <summary>
        /// Starts the networks' part of <see cref="ComputeLoss"/>: from here until <see cref="EndLowPrecision"/> they run
        /// in <see cref="Precision"/> (nothing happens for Float32). Augmentations come before it, the loss after it.
        /// </summary>
        protected void BeginLowPrecision()
        {
            if (precision == Precision.Float32 || inLowPrecision)
            {
                return;
            }

            lowPrecisionRegion = Autocast.Enter(Device.type, MixedPrecision.ComputeType(precision)!.Value);
            inLowPrecision = true;
        }

        /// <summary>Ends the region <see cref="BeginLowPrecision"/> started (the step also ends it after the loss, whatever happened).</summary>
        protected void EndLowPrecision()
        {
            if (!inLowPrecision)
            {
                return;
            }

            inLowPrecision = false;
            lowPrecisionRegion.Dispose();
        }

        /// <summary>The epoch the run is in, 0-based (schedules that change per epoch, as DINO's teacher temperature); 0 outside <c>Fit</c>.</summary>
        protected int CurrentEpoch => activeRun is { StepsPerEpoch: > 0 } r ? r.CompletedEpochs : 0;

        /// <summary>
        /// BYOL's momentum schedule (Grill et al. 2020, §3.2): <paramref name="start"/> raised to <paramref name="end"/>
        /// by a cosine over the run's optimizer steps; <paramref name="start"/> outside <c>Fit</c>.
        /// </summary>
        protected double CosineMomentum(double start, double end) =>
            CosineMomentumSchedule.At(start, end, activeRun is { TotalSteps: > 0 } r ? (double)r.StepsDone / r.TotalSteps : 0.0);

        /// <summary>Moves <paramref name="module"/> to the device; its weights go into checkpoints; it is disposed with the trainer.</summary>
        protected T Register<T>(string name, T module)
            where T : nn.Module
        {
            module.to(Device);
            modules.Add((name, module));
            states.Add(("module." + name + ".", new ModuleState(module)));
            owned.Add(module);
            return module;
        }

        /// <summary>Registers the encoder (module name <c>encoder</c>) that <see cref="Embed"/> and the probes use.</summary>
        /// <param name="module">The encoder, built by the generated constructor.</param>
        /// <param name="outputDim">Its embedding width; built-in encoders (<see cref="IEncoder"/>) know it.</param>
        protected T RegisterEncoder<T>(T module, int? outputDim = null)
            where T : nn.Module<Tensor, Tensor>
        {
            encoderOutputDim = outputDim ?? (module as IEncoder)?.OutputDim
                ?? throw new ArgumentException($"{module.GetType().Name} is not an IEncoder: pass its output width", nameof(outputDim));
            encoder = Register("encoder", module);
            return module;
        }

        /// <summary>Adds a stateful part (e.g. MoCo's key queue) to checkpoints, under <c>name.</c>.</summary>
        protected void RegisterState(string name, ICheckpointState state) => states.Add((name + ".", state));

        /// <summary>Disposes <paramref name="disposable"/> with the trainer.</summary>
        protected T Own<T>(T disposable)
            where T : IDisposable
        {
            owned.Add(disposable);
            return disposable;
        }

        /// <summary>Sets the optimizer (its state goes into checkpoints; it is disposed with the trainer).</summary>
        protected void UseOptimizer(SslOptimizer optimizer)
        {
            this.optimizer = optimizer;
            states.Add(("optimizer.", optimizer));
            owned.Add(optimizer);
        }

        /// <summary>The trainable parameters of <paramref name="modules"/>, in order.</summary>
        protected static IEnumerable<Parameter> ParametersOf(params nn.Module[] modules) => modules.SelectMany(m => m.parameters());

        /// <summary>
        /// Makes the <paramref name="target"/> modules a copy of the <paramref name="online"/> ones and returns the
        /// updater that moves them towards the online ones after each optimizer step (BYOL, MoCo).
        /// </summary>
        protected static MomentumUpdater FollowByMomentum(nn.Module[] online, nn.Module[] target)
        {
            Parameter[] onlineParameters = online.SelectMany(m => m.parameters()).ToArray();
            Parameter[] targetParameters = target.SelectMany(m => m.parameters()).ToArray();
            MomentumUpdater.CopyInto(onlineParameters, targetParameters);
            return new MomentumUpdater(onlineParameters, targetParameters);
        }

        private void SetTraining(bool training)
        {
            foreach ((_, nn.Module module) in modules)
            {
                module.train(training);
            }
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (!disposing)
            {
                return;
            }

            for (int i = owned.Count - 1; i >= 0; i--)
            {
                owned[i].Dispose();
            }

            owned.Clear();
            DisposeHeldBatches();
            snapshot.Dispose();
            onlineProbe?.Dispose();
            healthRows?.Dispose();
            Generator.Dispose();
            lossSum.Dispose();
            windowLossSum.Dispose();
            stopFlag?.Dispose();
            inverseRanks?.Dispose();
            rankNoise?.Dispose();
        }
    }
}
