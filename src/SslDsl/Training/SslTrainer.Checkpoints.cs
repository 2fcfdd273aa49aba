using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SslDsl.Evaluation;
using SslDsl.Optimization;
using SslDsl.Training.Checkpoints;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        private readonly StateSnapshot snapshot = new();
        private readonly List<string> notes = new();

        /// <summary>
        /// Saves everything a continued run needs — weights, optimizer state, random state, stateful objective parts,
        /// the run's plan, position and curves — atomically, with a checksum. Only between optimizer steps.
        /// </summary>
        public void Save(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            ThrowIfGradientsPending("save");
            CheckpointFile.Save(path, Settings.Experiment, WriteState);
        }

        /// <summary>
        /// Restores a checkpoint written by <see cref="Save"/> for this experiment. The file is verified (checksum,
        /// lengths, shapes, dtypes, finite values, consistent counters) before anything changes: a failed load leaves the
        /// trainer exactly as it was.
        /// </summary>
        public void Load(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            using StateReader reader = CheckpointFile.Read(path, Settings.Experiment);
            Restore(reader);
        }

        private void WriteState(StateWriter writer)
        {
            foreach ((string prefix, ICheckpointState state) in states)
            {
                state.Write(writer, prefix);
            }

            onlineProbe?.Write(writer, OnlineProbePrefix);
            writer.Int64("trainer.micro_steps", microSteps);
            writer.Tensor("trainer.epoch_loss_sum", lossSum);
            writer.Tensor("trainer.window_loss_sum", windowLossSum);
            WriteRun(writer);
        }

        /// <summary>Stages every part, then applies them all: nothing changes unless everything checks out.</summary>
        private void Restore(StateReader reader)
        {
            var apply = new List<Action>();
            foreach ((string prefix, ICheckpointState state) in states)
            {
                apply.Add(state.Stage(reader, prefix));
            }

            OnlineLinearProbe? stagedProbe = StageOnlineProbe(reader, apply);
            long stagedMicroSteps;
            Tensor epochLoss;
            Tensor windowLoss;
            TrainingRun? stagedRun;
            try
            {
                stagedMicroSteps = reader.Int64("trainer.micro_steps", 0, long.MaxValue);
                if (stagedMicroSteps % Settings.AccumulationSteps != 0)
                {
                    throw reader.Invalid($"was taken between optimizer steps ({stagedMicroSteps} batches, [Training] AccumulationSteps = {Settings.AccumulationSteps})");
                }

                epochLoss = reader.Tensor("trainer.epoch_loss_sum", lossSum.shape, lossSum.dtype);
                windowLoss = reader.Tensor("trainer.window_loss_sum", windowLossSum.shape, windowLossSum.dtype);
                stagedRun = ReadRun(reader, reader.Int64("optimizer.steps"));
                reader.ThrowOnUnusedKeys();
            }
            catch
            {
                stagedProbe?.Dispose();
                throw;
            }

            foreach (Action action in apply)
            {
                action();
            }

            microSteps = stagedMicroSteps;
            DisposeHeldBatches(); // batches held for an optimizer step that the loaded state is past
            lossSum.copy_(epochLoss);
            windowLossSum.copy_(windowLoss);
            run = stagedRun;
            schedule = stagedRun?.Schedule(Settings.LearningRate, Settings.WarmupCosine) ?? WarmupCosineSchedule.Constant(Settings.LearningRate);
        }

        private const string OnlineProbePrefix = "online_probe.";

        /// <summary>
        /// Stages the online probe of a checkpoint into a new probe of the checkpoint's shape, swapped in by the action it
        /// adds; a checkpoint without one removes the trainer's (the run had none at that point).
        /// </summary>
        private OnlineLinearProbe? StageOnlineProbe(StateReader reader, List<Action> apply)
        {
            OnlineLinearProbe? staged = null;
            if (reader.Contains(OnlineProbePrefix + "weight"))
            {
                long[] shape = reader.TensorOfAnyShape(OnlineProbePrefix + "weight", ScalarType.Float32).shape;
                if (shape.Length != 2 || shape[0] != encoderOutputDim || shape[1] < 2)
                {
                    throw reader.Invalid($"'{OnlineProbePrefix}weight' has shape [{string.Join(", ", shape)}]; this trainer's features have {encoderOutputDim} dimensions");
                }

                OnlineProbeSettings settings = OnlineProbe ?? new OnlineProbeSettings();
                staged = new OnlineLinearProbe((int)shape[0], (int)shape[1], Device, settings.LearningRate, settings.WeightDecay);
                try
                {
                    apply.Add(staged.Stage(reader, OnlineProbePrefix));
                }
                catch
                {
                    staged.Dispose();
                    throw;
                }
            }

            apply.Add(() =>
            {
                onlineProbe?.Dispose();
                onlineProbe = staged;
            });
            return staged;
        }

        private void ThrowIfGradientsPending(string action)
        {
            if (microSteps % Settings.AccumulationSteps != 0)
            {
                throw new InvalidOperationException($"cannot {action} between optimizer steps: {microSteps % Settings.AccumulationSteps} batch(es) of gradients are pending ([Training] AccumulationSteps = {Settings.AccumulationSteps})");
            }
        }

        /// <summary>Remembers the current state as the last finite one (device-side copies into reused buffers).</summary>
        private void TakeSnapshot() => WriteState(snapshot);

        /// <summary>Restores the last finite state and describes what happened.</summary>
        private NonFiniteLossException Diverged(TrainingRun r, double loss)
        {
            int epoch = r.CompletedEpochs + 1;
            long step = Optimizer.StepCount;
            using (StateReader reader = snapshot.Reader("the last finite state"))
            {
                Restore(reader);
            }

            long restored = Optimizer.StepCount;
            return new NonFiniteLossException(
                $"{Settings.Experiment}: the training loss became {loss} in epoch {epoch}, by optimizer step {step}. The input data are finite (Fit checks them when it starts), " +
                $"so training diverged: lower the learning rate ({Settings.LearningRate}), add warm-up ([WarmupCosine]) or check custom augmentations and encoders. " +
                $"The trainer was restored to its last finite state, at optimizer step {restored}.",
                epoch,
                step,
                restored);
        }

        private void SavePeriodicCheckpoint(TrainingRun r, CheckpointPolicy policy)
        {
            if (r.WindowBatches > 0 && windowLossSum.item<float>() is var windowSum && !float.IsFinite(windowSum))
            {
                throw Diverged(r, windowSum); // never write a checkpoint of a diverged state
            }

            var folder = new CheckpointFolder(policy.Directory, Settings.Experiment);
            Save(folder.PathFor(Optimizer.StepCount));
            folder.KeepNewest(policy.Keep);
        }

        /// <summary>Loads the newest checkpoint in the [Checkpoint] folder that verifies; corrupt ones are skipped.</summary>
        private void ResumeFromNewestCheckpoint()
        {
            CheckpointPolicy policy = Checkpoints ?? throw new InvalidOperationException($"resume needs a checkpoint folder: add [Checkpoint] to {Settings.Experiment} or set trainer.Checkpoints");
            var folder = new CheckpointFolder(policy.Directory, Settings.Experiment);
            foreach (string path in folder.NewestFirst())
            {
                try
                {
                    Load(path);
                    notes.Add($"resumed from {path} at optimizer step {Optimizer.StepCount}");
                    return;
                }
                catch (InvalidDataException ex)
                {
                    notes.Add($"skipped {path}: {ex.Message}");
                }
            }

            notes.Add($"no valid checkpoint in {policy.Directory}: starting a new run");
        }
    }
}
