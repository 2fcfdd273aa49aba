using System;
using SslDsl.Evaluation.Health;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        private Tensor? healthRows;
        private bool collapseReported;

        /// <summary>
        /// Label-free health during <c>Fit</c> ([HealthMonitor]; on by default at every epoch end); null turns it off.
        /// Settable between Fit calls.
        /// </summary>
        public HealthSettings? Health { get; set; }

        /// <summary>
        /// Measures the health of the encoder now on <paramref name="data"/>'s rows (all of them: pass a subset of a few
        /// hundred): RankMe and the per-dimension spread of the representations, and for joint-embedding objectives the
        /// alignment of two augmented views and the uniformity of one, from the projections. Runs in eval mode without
        /// gradients; the random state the training draws from is restored afterwards, so a run that measures its health
        /// trains exactly as one that does not.
        /// </summary>
        public EmbeddingHealth MeasureHealth(Tensor data)
        {
            Settings.Input.Check(data, nameof(data), Settings.Experiment);
            if (data.shape[0] < 2)
            {
                throw new ArgumentException($"health needs at least 2 samples, data has {data.shape[0]}", nameof(data));
            }

            using var scope = NewDisposeScope();
            Tensor embeddings = Embed(data).to_type(ScalarType.Float64).flatten(1);
            double rankMe = RankMe.Compute(embeddings).item<double>();
            double spread = CollapseMetrics.DimensionStd(embeddings).item<double>();
            (double? alignment, double? uniformity) = this is JointEmbeddingTrainer joint ? ViewAgreement(joint, data) : (null, null);
            return new EmbeddingHealth(Optimizer.StepCount, rankMe, (int)embeddings.shape[1], spread, alignment, uniformity);
        }

        /// <summary>Alignment of views 0 and 1 and uniformity of view 0, from the projections in eval mode.</summary>
        private (double? Alignment, double? Uniformity) ViewAgreement(JointEmbeddingTrainer joint, Tensor data)
        {
            Tensor trainerState = Generator.get_state();
            Tensor cpuState = torch.get_rng_state();
            SetTraining(false);
            try
            {
                using var noGrad = no_grad();
                ViewOutputs outputs = joint.Encode(InputTensors.ToDevice(data, Device), withTargets: false); // the generated code ends its region
                Tensor projections = outputs.Projections.to_type(ScalarType.Float64).flatten(1);
                long n = outputs.Samples;
                Tensor first = projections.narrow(0, 0, n);
                double uniformity = CollapseMetrics.Uniformity(first).item<double>();
                double? alignment = outputs.Views >= 2 ? CollapseMetrics.Alignment(first, projections.narrow(0, n, n)).item<double>() : null;
                return (alignment, uniformity);
            }
            finally
            {
                EndLowPrecision(); // if the networks threw inside their region
                Generator.set_state(trainerState);
                torch.set_rng_state(cpuState);
                trainerState.Dispose();
                cpuState.Dispose();
                SetTraining(true);
            }
        }

        /// <summary>Chooses the rows health is measured on: a seeded choice of the run's data, fixed for the whole Fit.</summary>
        private void ChooseHealthRows(Tensor data)
        {
            healthRows?.Dispose();
            healthRows = null;
            if (Health is not { } health || health.Samples < 2)
            {
                return;
            }

            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)SplitMix.Seed(Seed, -1), CPU); // its own stream: training draws stay as they were
            long take = Math.Min(health.Samples, data.shape[0]);
            healthRows = data.index_select(0, randperm(data.shape[0], generator: generator).narrow(0, 0, take)).MoveToOuterDisposeScope();
        }

        /// <summary>Measures health on the chosen rows, records it, and warns once per Fit when it looks like a collapse.</summary>
        private EmbeddingHealth? RecordHealth(TrainingRun r)
        {
            if (healthRows is null)
            {
                return null;
            }

            Tensor rows = healthRows;
            EmbeddingHealth health = Untimed(() => MeasureHealth(rows));
            r.HealthCurve.Add(health);
            if (!collapseReported && health.CollapseSignature is { } signature)
            {
                collapseReported = true;
                string warning = "warning: " + signature;
                notes.Add(warning);
                watch.OnMessage(warning);
            }

            return health;
        }
    }
}
