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
            writer.Int64("run.seed", r.Seed);
            writer.Int64("run.steps_done", r.StepsDone);
            writer.Int64("run.window_batches", r.WindowBatches);
            writer.Double("run.seconds", RunSeconds(r));
            using Tensor curve = tensor(r.LossCurve.SelectMany(p => new[] { p.Step, p.Loss }).ToArray(), new long[] { r.LossCurve.Count, 2 }, ScalarType.Float64);
            writer.Tensor("run.loss_curve", curve);
            using Tensor epochs = tensor(
                r.Epochs.SelectMany(e => new[] { e.Epoch, e.Steps, e.Loss, e.LearningRate, e.Seconds, e.KnnTop1 ?? -1 }).ToArray(),
                new long[] { r.Epochs.Count, EpochColumns },
                ScalarType.Float64);
            writer.Tensor("run.epochs", epochs);
        }

        private const int EpochColumns = 6;

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
            r.StepsDone = reader.Int64("run.steps_done", 0, System.Math.Min(r.TotalSteps, optimizerSteps));
            r.WindowBatches = reader.Int64("run.window_batches", 0, int.MaxValue);
            r.SecondsBefore = reader.Double("run.seconds");
            if (!(r.SecondsBefore >= 0))
            {
                throw reader.Invalid($"'run.seconds' is {r.SecondsBefore}");
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

            Tensor epochs = reader.TensorOfAnyShape("run.epochs", ScalarType.Float64);
            if (epochs.dim() != 2 || epochs.shape[1] != EpochColumns || epochs.shape[0] != r.CompletedEpochs)
            {
                throw reader.Invalid($"'run.epochs' has shape [{string.Join(", ", epochs.shape)}] for {r.CompletedEpochs} completed epochs");
            }

            double[] rows = epochs.numel() == 0 ? System.Array.Empty<double>() : epochs.data<double>().ToArray();
            for (int i = 0; i < epochs.shape[0]; i++)
            {
                int o = i * EpochColumns;
                r.Epochs.Add(new EpochReport((int)rows[o], (long)rows[o + 1], rows[o + 2], rows[o + 3], rows[o + 4], rows[o + 5] < 0 ? null : rows[o + 5]));
            }

            return r;
        }
    }
}
