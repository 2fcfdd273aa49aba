using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// What the networks of a joint-embedding step make from one batch and its loss compares: each tensor stacks the
    /// views view-major, <c>[Views·N, D]</c> (view 0 of every sample, then view 1, …). Projections and predictions carry
    /// the graph to the trained networks; targets come from a momentum network without one.
    /// </summary>
    public sealed class ViewOutputs
    {
        private readonly Tensor? predictions;
        private readonly Tensor? targets;
        private readonly Tensor? embeddings;
        private readonly Tensor? memory;

        /// <param name="views">Views per sample (the rows of every tensor are <c>views</c> blocks of N samples).</param>
        /// <param name="projections">The projector's output (the encoder's without a projector).</param>
        /// <param name="predictions">The predictor's output (BYOL, SimSiam, MoCo v3), or null.</param>
        /// <param name="targets">The momentum network's output (BYOL, MoCo; DINO's teacher on its global views only, the first rows), or null (none, or not computed in a replay).</param>
        /// <param name="embeddings">The encoder's output (the representation the projector maps), or null; the online probe learns from it, detached.</param>
        /// <param name="memory">What the objective keeps in a memory across steps, without a graph (SwAV's queue: the L2-normalised projections its prototypes score), or null.</param>
        public ViewOutputs(int views, Tensor projections, Tensor? predictions = null, Tensor? targets = null, Tensor? embeddings = null, Tensor? memory = null)
        {
            ArgumentNullException.ThrowIfNull(projections);
            if (views < 1 || projections.dim() < 1 || projections.shape[0] % views != 0)
            {
                throw new ArgumentException($"the outputs stack {views} view(s) of the same samples; got {projections.shape[0]} rows", nameof(projections));
            }

            Views = views;
            Projections = projections;
            this.predictions = predictions;
            this.targets = targets;
            this.embeddings = embeddings;
            this.memory = memory;
        }

        /// <summary>Views per sample.</summary>
        public int Views { get; }

        /// <summary>Samples (N): the rows of a tensor over <see cref="Views"/>.</summary>
        public long Samples => Projections.shape[0] / Views;

        public Tensor Projections { get; }

        public Tensor Predictions => predictions ?? throw new InvalidOperationException("this experiment has no predictor");

        public Tensor Targets => targets ?? throw new InvalidOperationException("these outputs have no targets (no momentum network, or a replay that reuses the kept ones)");

        /// <summary>Rows for the objective's memory, <c>[Views·N, D]</c> without a graph (SwAV's queue: its normalised projections).</summary>
        public Tensor Memory => memory ?? throw new InvalidOperationException("these outputs have nothing for the objective's memory");

        /// <summary>Projections, then predictions when there are any: the outputs the loss's gradient flows back through.</summary>
        internal IReadOnlyList<Tensor> Trained => predictions is null ? new[] { Projections } : new[] { Projections, predictions };

        internal Tensor? PredictionsOrNull => predictions;

        internal Tensor? TargetsOrNull => targets;

        internal Tensor? EmbeddingsOrNull => embeddings;

        internal Tensor? MemoryOrNull => memory;

        /// <summary>The same outputs on tensors in the outer dispose scope.</summary>
        internal ViewOutputs MoveToOuterDisposeScope()
        {
            Projections.MoveToOuterDisposeScope();
            predictions?.MoveToOuterDisposeScope();
            targets?.MoveToOuterDisposeScope();
            embeddings?.MoveToOuterDisposeScope();
            memory?.MoveToOuterDisposeScope();
            return this;
        }
    }
}
