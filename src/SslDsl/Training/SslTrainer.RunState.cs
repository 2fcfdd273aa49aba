using System.Linq;
using SslDsl.Training.Checkpoints;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        /// <summary>The run's plan, position and curves under <c>run.</c> (absent before the first <c>Fit</c>).</summary>
        private void WriteRun(StateWriter writer)
        {
            writer.Int64("run.present", run is null ? 0 : 1);
            if (run is not { } r)
            {
                return;
            }

            writer.Int64("run.samples", r.Samples);
            writer.Int64("run.batch_size", r.BatchSize);
            writer.Int64("run.accumulation_steps", r.AccumulationSteps);
            writer.Int64("run.total_epochs", r.TotalEpochs);
            writer.Int64("run.planned_steps", r.PlannedSteps ?? 0); // 0: whole epochs
            writer.Int64("run.seed", r.Seed);
            writer.Int64("run.steps_done", r.StepsDone);
            writer.Int64("run.window_batches", r.WindowBatches);
            writer.Double("run.seconds", RunSeconds(r));
            writer.Double("run.monitor_seconds", RunMonitorSeconds(r));
            using Tensor curve = tensor(r.LossCurve.SelectMany(p => new[] { p.Step, p.Loss }).ToArray(), new long[] { r.LossCurve.Count, 2 }, ScalarType.Float64);
            writer.Tensor("run.loss_curve", curve);
            using Tensor epochs = tensor(
                r.Epochs.SelectMany(e => new[] { e.Epoch, e.Steps, e.Loss, e.LearningRate, e.Seconds, e.KnnTop1 ?? -1, e.SamplesPerSecond ?? -1, e.OnlineProbeTop1 ?? -1, e.Health is null ? -1 : r.HealthCurve.IndexOf(e.Health) }).ToArray(),
                new long[] { r.Epochs.Count, EpochColumns },
                ScalarType.Float64);
            writer.Tensor("run.epochs", epochs);
            using Tensor health = tensor(
                r.HealthCurve.SelectMany(h => new[] { h.Step, h.RankMe, h.Dimensions, h.DimensionStd, h.Alignment is null ? 0 : 1, h.Alignment ?? 0, h.Uniformity is null ? 0 : 1, h.Uniformity ?? 0 }).ToArray(),
                new long[] { r.HealthCurve.Count, HealthColumns },
                ScalarType.Float64);
            writer.Tensor("run.health_curve", health);
        }

        /// <summary>Epoch, steps, loss, learning rate, seconds, kNN, samples/s, online probe (-1: none), health row (-1: none).</summary>
        private const int EpochColumns = 9;

        /// <summary>Checkpoints written before the epoch table had throughput, probe and health.</summary>
        private const int FirstEpochColumns = 6;

        /// <summary>Step, RankMe, dimensions, per-dimension std, then alignment and uniformity each as (measured 0/1, value).</summary>
        private const int HealthColumns = 8;

        /// <summary>Stages the run and checks that its counters agree with each other and with this trainer.</summary>
        private TrainingRun? ReadRun(StateReader reader, long optimizerSteps)
        {
            if (reader.Int64("run.present", 0, 1) == 0)
            {
                return null;
            }

            long batchSize = reader.Int64("run.batch_size", Settings.BatchSize, Settings.BatchSize);
            long accumulation = reader.Int64("run.accumulation_steps", Settings.AccumulationSteps, Settings.AccumulationSteps);
            long samples = reader.Int64("run.samples", batchSize * accumulation, long.MaxValue);
            var r = new TrainingRun(
                samples,
                (int)batchSize,
                (int)accumulation,
                (int)reader.Int64("run.total_epochs", 1, int.MaxValue),
                (int)reader.Int64("run.seed", int.MinValue, int.MaxValue));
            if (reader.Contains("run.planned_steps") && reader.Int64("run.planned_steps", 0, r.TotalSteps) is > 0 and long planned)
            {
                r.PlanSteps(planned); // within the last of run.total_epochs (checked below)
                if (r.TotalEpochs != reader.Int64("run.total_epochs", 1, int.MaxValue))
                {
                    throw reader.Invalid($"'run.planned_steps' ({planned}) does not end in the last of 'run.total_epochs'");
                }
            }

            r.StepsDone = reader.Int64("run.steps_done", 0, System.Math.Min(r.TotalSteps, optimizerSteps));
            r.WindowBatches = reader.Int64("run.window_batches", 0, int.MaxValue);
            r.SecondsBefore = reader.Double("run.seconds");
            if (!(r.SecondsBefore >= 0))
            {
                throw reader.Invalid($"'run.seconds' is {r.SecondsBefore}");
            }

            r.MonitorSecondsBefore = reader.Contains("run.monitor_seconds") ? reader.Double("run.monitor_seconds") : 0; // older checkpoints: not recorded
            if (!(r.MonitorSecondsBefore >= 0))
            {
                throw reader.Invalid($"'run.monitor_seconds' is {r.MonitorSecondsBefore}");
            }

            Tensor curve = reader.TensorOfAnyShape("run.loss_curve", ScalarType.Float64);
            if (curve.dim() != 2 || curve.shape[1] != 2 || curve.shape[0] > optimizerSteps)
            {
                throw reader.Invalid($"'run.loss_curve' has shape [{string.Join(", ", curve.shape)}] for {optimizerSteps} optimizer steps");
            }

            double[] points = curve.numel() == 0 ? System.Array.Empty<double>() : curve.data<double>().ToArray();
            for (int i = 0; i < curve.shape[0]; i++)
            {
                r.LossCurve.Add(new LossPoint((long)points[2 * i], points[(2 * i) + 1]));
            }

            if (reader.Contains("run.health_curve"))
            {
                Tensor health = reader.TensorOfAnyShape("run.health_curve", ScalarType.Float64);
                if (health.dim() != 2 || health.shape[1] != HealthColumns || health.shape[0] > optimizerSteps + r.CompletedEpochs)
                {
                    throw reader.Invalid($"'run.health_curve' has shape [{string.Join(", ", health.shape)}] for {optimizerSteps} optimizer steps");
                }

                double[] values = health.numel() == 0 ? System.Array.Empty<double>() : health.data<double>().ToArray();
                for (int i = 0; i < health.shape[0]; i++)
                {
                    int o = i * HealthColumns;
                    r.HealthCurve.Add(new Evaluation.Health.EmbeddingHealth((long)values[o], values[o + 1], (int)values[o + 2], values[o + 3], values[o + 4] == 1 ? values[o + 5] : null, values[o + 6] == 1 ? values[o + 7] : null));
                }
            }

            Tensor epochs = reader.TensorOfAnyShape("run.epochs", ScalarType.Float64);
            long columns = epochs.dim() == 2 ? epochs.shape[1] : -1;
            long rowsExpected = r.CompletedEpochs + (r.NextBatch != 0 && r.IsComplete ? 1 : 0); // and a row for an epoch a step plan ended
            if ((columns != EpochColumns && columns != FirstEpochColumns) || epochs.shape[0] != rowsExpected)
            {
                throw reader.Invalid($"'run.epochs' has shape [{string.Join(", ", epochs.shape)}] for {rowsExpected} epoch rows");
            }

            double[] rows = epochs.numel() == 0 ? System.Array.Empty<double>() : epochs.data<double>().ToArray();
            for (int i = 0; i < epochs.shape[0]; i++)
            {
                int o = i * (int)columns;
                double? Optional(int column) => column < columns && rows[o + column] >= 0 ? rows[o + column] : null;
                int? healthRow = Optional(8) is { } row ? (int)row : null;
                if (healthRow >= r.HealthCurve.Count)
                {
                    throw reader.Invalid($"'run.epochs' row {i} refers to health measurement {healthRow}, of {r.HealthCurve.Count}");
                }

                r.Epochs.Add(new EpochReport((int)rows[o], (long)rows[o + 1], rows[o + 2], rows[o + 3], rows[o + 4], Optional(5), Optional(6), healthRow is { } h ? r.HealthCurve[h] : null, Optional(7)));
            }

            return r;
        }
    }
}
