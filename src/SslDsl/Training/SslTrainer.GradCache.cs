using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// Gradient caching (GradCache, Gao et al. 2021, "Scaling Deep Contrastive Learning Batch Size under Memory Limited
    /// Setup") for joint-embedding trainers with AccumulationSteps = N &gt; 1: the loss of an optimizer step compares
    /// the views of all N batches at once, as one batch of N·BatchSize would, while the networks still run one batch at
    /// a time. (1) each batch's outputs without a graph; (2) the loss of all outputs together, and its gradient with
    /// respect to them; (3) each batch again with a graph and the same random draws, back-propagating its slice of that
    /// gradient into the parameters. Objectives with state (MoCo's queue) see one loss call per optimizer step.
    /// </summary>
    public abstract partial class SslTrainer
    {
        /// <summary>The batches of the optimizer step in progress (GradCache steps once all N are there).</summary>
        private readonly List<Tensor> heldBatches = new();

        /// <summary>The online probe's labels of the held batches (null entries without probe data).</summary>
        private readonly List<Tensor?> heldLabels = new();

        /// <summary>Holds <paramref name="batch"/>; with the N-th batch of the group, computes its gradients and steps.</summary>
        private bool CachedGradientStep(JointEmbeddingTrainer joint, Tensor batch, bool owned)
        {
            heldBatches.Add(owned ? batch : Copy(batch)); // the caller may dispose its batch
            heldLabels.Add(stepLabels);
            stepLabels = null; // held now: disposed with the batch
            microSteps++;
            if (heldBatches.Count < Settings.AccumulationSteps)
            {
                return false;
            }

            using var scope = NewDisposeScope();
            Tensor loss;
            try
            {
                loss = CacheGradients(joint, heldBatches);
            }
            catch
            {
                Optimizer.ZeroGrad(); // no half-accumulated group is left behind
                microSteps -= heldBatches.Count;
                throw;
            }
            finally
            {
                DisposeHeldBatches();
            }

            // The sums count batches: each batch of the group reports the group's loss, so their mean is the loss of the step.
            Tensor counted = loss.mul(Settings.AccumulationSteps);
            lossSum.add_(counted);
            windowLossSum.add_(counted);
            OptimizerStep();
            return true;
        }

        /// <summary>Accumulates the gradient of the loss over all <paramref name="batches"/> in the parameters; returns that loss (detached).</summary>
        private Tensor CacheGradients(JointEmbeddingTrainer joint, IReadOnlyList<Tensor> batches)
        {
            // (1) Outputs of every batch without a graph, remembering the random state each one drew from.
            var draws = new RandomDraws[batches.Count];
            var outputs = new ViewOutputs[batches.Count];
            using (no_grad())
            {
                for (int i = 0; i < batches.Count; i++)
                {
                    draws[i] = RandomDraws.Capture(Generator, Device, SplitMix.Seed(Seed, microSteps - batches.Count + i));
                    draws[i].Apply(Generator); // the state it has, and on CUDA the seed, as the replay will
                    using var chunk = NewDisposeScope();
                    using SampleDraws.Scope rankRows = DrawForRankRows(batches[i], microSteps - batches.Count + i);
                    outputs[i] = Encode(joint, batches[i], withTargets: true);
                    ObserveFeatures(outputs[i], heldLabels[i]);
                    outputs[i].MoveToOuterDisposeScope();
                }
            }

            RandomDraws afterFirstPass = RandomDraws.Capture(Generator, Device, cudaSeed: null);

            // Running statistics (BatchNorm) as the first pass left them: one update per batch, as plain accumulation makes.
            // The second pass updates them again; they are put back afterwards.
            Tensor[] buffers = modules.SelectMany(m => m.Module.buffers()).ToArray();
            Tensor[] statistics = buffers.Select(b => b.clone()).ToArray();

            // (2) The loss of the whole group on leaves cut from the networks, and its gradient with respect to them
            // (Float16: of the scaled loss, so the replay carries the scale into the parameters' gradients).
            ViewOutputs whole = ViewOutputsOf(outputs);
            Tensor loss = joint.Loss(whole);
            ScaledForBackward(loss).backward();
            Tensor?[] gradients = whole.Trained.Select(t => t.grad).ToArray(); // null where the loss does not use one (SimSiam's projections)

            // (3) Each batch again with a graph and the same draws; its slice of the cached gradient flows into the parameters.
            long offset = 0;
            for (int i = 0; i < batches.Count; i++)
            {
                using var chunk = NewDisposeScope();
                draws[i].Apply(Generator);
                using SampleDraws.Scope rankRows = DrawForRankRows(batches[i], microSteps - batches.Count + i);
                ViewOutputs replayed = Encode(joint, batches[i], withTargets: false);
                long samples = outputs[i].Samples;
                var tensors = new List<Tensor>();
                var slices = new List<Tensor>();
                for (int k = 0; k < gradients.Length; k++)
                {
                    if (gradients[k] is { } gradient)
                    {
                        tensors.Add(replayed.Trained[k]);
                        slices.Add(SamplesOf(gradient, whole.Views, offset, samples));
                    }
                }

                autograd.backward(tensors, slices);
                offset += samples;
            }

            afterFirstPass.Apply(Generator);
            using (no_grad())
            {
                for (int i = 0; i < buffers.Length; i++)
                {
                    buffers[i].copy_(statistics[i]);
                }
            }

            return loss.detach();
        }

        /// <summary>One batch through the networks; the low-precision region the generated code opens ends here whatever happened.</summary>
        private ViewOutputs Encode(JointEmbeddingTrainer joint, Tensor batch, bool withTargets)
        {
            try
            {
                return joint.Encode(batch, withTargets);
            }
            finally
            {
                EndLowPrecision();
            }
        }

        /// <summary>
        /// The outputs of all batches as one batch, view-major over all samples (<c>[view 0 of every sample; view 1 …]</c>,
        /// where each batch's outputs are view-major within the batch), as leaves: trained outputs require their gradient.
        /// </summary>
        private static ViewOutputs ViewOutputsOf(ViewOutputs[] outputs)
        {
            int views = outputs[0].Views;
            Tensor Join(Func<ViewOutputs, Tensor> of) => cat(outputs.Select(o => ByView(of(o), views)).ToArray(), 1).flatten(0, 1);

            Tensor projections = Join(o => o.Projections).requires_grad_(true);
            Tensor? predictions = outputs[0].PredictionsOrNull is null ? null : Join(o => o.Predictions).requires_grad_(true);
            // targets may cover the global views only (DINO's teacher): their own view count
            Tensor? targets = outputs[0].TargetsOrNull is null ? null
                : cat(outputs.Select(o => ByView(o.Targets, (int)(o.Targets.shape[0] / o.Samples))).ToArray(), 1).flatten(0, 1);
            Tensor? memory = outputs[0].MemoryOrNull is null ? null : Join(o => o.Memory); // SwAV's queue takes the whole step's
            return new ViewOutputs(views, projections, predictions, targets, memory: memory);
        }

        /// <summary><c>[V·N, …]</c> as <c>[V, N, …]</c>.</summary>
        private static Tensor ByView(Tensor stacked, int views) => stacked.unflatten(0, new long[] { views, stacked.shape[0] / views });

        /// <summary>Rows of samples [<paramref name="first"/>, +<paramref name="count"/>) of every view of a view-major stack.</summary>
        private static Tensor SamplesOf(Tensor stacked, int views, long first, long count) =>
            ByView(stacked, views).narrow(1, first, count).flatten(0, 1);

        /// <summary>A copy of <paramref name="batch"/> that no dispose scope owns.</summary>
        private static Tensor Copy(Tensor batch)
        {
            using Tensor detached = batch.detach();
            return detached.clone().DetachFromDisposeScope();
        }

        private void DisposeHeldBatches()
        {
            foreach (Tensor batch in heldBatches)
            {
                batch.Dispose();
            }

            foreach (Tensor? labels in heldLabels)
            {
                labels?.Dispose();
            }

            heldBatches.Clear();
            heldLabels.Clear();
        }

        /// <summary>
        /// The random state one batch's forward pass draws from, to replay it: the trainer's generator (augmentations,
        /// masks), TorchSharp's CPU default generator (dropout on the CPU) and, on CUDA, a seed for the CUDA default
        /// generators (dropout there), whose state TorchSharp cannot read: they are seeded from the run's seed and the
        /// batch number, which keeps a resumed run exact.
        /// </summary>
        private readonly record struct RandomDraws(Tensor Trainer, Tensor Cpu, long? CudaSeed)
        {
            public static RandomDraws Capture(Generator generator, Device device, long? cudaSeed) =>
                new(generator.get_state(), torch.get_rng_state(), device.type == DeviceType.CUDA ? cudaSeed : null);

            public void Apply(Generator generator)
            {
                generator.set_state(Trainer);
                torch.set_rng_state(Cpu);
                if (CudaSeed is { } seed)
                {
                    cuda.manual_seed_all(seed);
                }
            }
        }
    }
}
