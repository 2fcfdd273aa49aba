using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// The loop for joint-embedding objectives (SimCLR, MoCo, BYOL, SimSiam, Barlow Twins, VICReg): the generated
    /// trainer supplies its step in two parts, the networks on one batch (<see cref="EncodeViews"/>) and the loss between
    /// their outputs (<see cref="ComputeLoss(ViewOutputs)"/>). One optimizer step of one batch calls them in turn; with
    /// <see cref="TrainerSettings.AccumulationSteps"/> &gt; 1 the loop caches gradients (GradCache, Gao et al. 2021) so
    /// that the loss sees all batches of the optimizer step at once, as one batch of BatchSize × AccumulationSteps would.
    /// </summary>
    public abstract class JointEmbeddingTrainer : SslTrainer
    {
        protected JointEmbeddingTrainer(TrainerSettings settings, Device device, int seed)
            : base(settings, device, seed)
        {
        }

        /// <summary>
        /// Augments the views of one batch and runs the networks on them. The loop may call it twice on the same batch
        /// (GradCache: once without a graph, once again with the same random draws); the second time
        /// <paramref name="withTargets"/> is false and the momentum network is not run (its outputs are kept from the first).
        /// </summary>
        protected abstract ViewOutputs EncodeViews(Tensor batch, bool withTargets);

        /// <summary>The loss between the views of <paramref name="outputs"/>: of one batch, or of all batches of an optimizer step.</summary>
        protected abstract Tensor ComputeLoss(ViewOutputs outputs);

        /// <summary>One batch's loss: its outputs (whose features the online probe learns from), then the loss between them.</summary>
        protected sealed override Tensor ComputeLoss(Tensor batch)
        {
            ViewOutputs outputs = EncodeViews(batch, withTargets: true);
            ObserveFeatures(outputs, CurrentStepLabels);
            return ComputeLoss(outputs);
        }

        internal ViewOutputs Encode(Tensor batch, bool withTargets) => EncodeViews(batch, withTargets);

        internal Tensor Loss(ViewOutputs outputs) => ComputeLoss(outputs);
    }
}
