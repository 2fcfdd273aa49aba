using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Distributed
{
    /// <summary>
    /// The BatchNorm of SslDsl's networks (1-D over <c>[N, C]</c> or <c>[N, C, L]</c>, 2-D over <c>[N, C, H, W]</c>):
    /// with no <see cref="Group"/> (the default) it is TorchSharp's BatchNorm — the same libtorch kernel, parameters,
    /// buffers and state-dict names — so statistics are per rank. With a group of several ranks it normalises, while
    /// training, with the statistics of every rank's rows (PyTorch's SyncBatchNorm): each rank's count, mean and sum of
    /// squared deviations go out in one differentiable all-gather and are combined exactly (Chan et al.'s pairwise
    /// update, no cancellation of E[x²] − E[x]²); backward returns each rank its share of the global gradient.
    /// </summary>
    public sealed class SyncBatchNorm : nn.Module<Tensor, Tensor>
    {
        // Field names are the state-dict names of TorchSharp's BatchNorm (RegisterComponents uses them).
#pragma warning disable IDE1006, SA1300, SA1306 // libtorch's names
        private Parameter weight;
        private Parameter bias;
        private Tensor running_mean;
        private Tensor running_var;
        private Tensor num_batches_tracked;
#pragma warning restore IDE1006, SA1300, SA1306

        private static readonly long[] Rows = { 0 }; // sum(0) would bind to sum(ScalarType)
        private static readonly Scalar One = 1L.ToScalar();

        private readonly double eps;
        private double momentum;

        public SyncBatchNorm(long features, double eps = 1e-5, double momentum = 0.1)
            : base(nameof(SyncBatchNorm))
        {
            if (features < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(features), features, "BatchNorm needs at least one feature");
            }

            this.eps = eps;
            this.momentum = momentum;
            weight = new Parameter(ones(features));
            bias = new Parameter(zeros(features));
            running_mean = zeros(features);
            running_var = ones(features);
            num_batches_tracked = tensor(0L);
            RegisterComponents();
        }

        /// <summary>
        /// The weight of each training batch's statistics in the running ones (default 0.1); 1/k for batch k gives their
        /// plain average (<see cref="Evaluation.BatchNormRecalibration"/>).
        /// </summary>
        internal double Momentum
        {
            get => momentum;
            set => momentum = value;
        }

        /// <summary>Running mean 0, running variance 1, no batches counted: as constructed.</summary>
        internal void ResetRunningStatistics()
        {
            running_mean.zero_();
            running_var.fill_(1);
            num_batches_tracked.zero_();
        }

        /// <summary>The ranks whose rows make the statistics while training; null (or one rank): this process's rows.</summary>
        public IProcessGroup? Group { get; set; }

        public override Tensor forward(Tensor input)
        {
            if (input.dim() < 2)
            {
                throw new ArgumentException($"BatchNorm takes [N, C, …], got [{string.Join(", ", input.shape)}]", nameof(input));
            }

            if (training)
            {
                num_batches_tracked.add_(One, One); // an int64 buffer: no autograd; cached scalars allocate nothing per step
            }

            if (!training || Group is not { Size: > 1 } group)
            {
                return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps);
            }

            return Synchronised(input, group);
        }

        private Tensor Synchronised(Tensor input, IProcessGroup group)
        {
            using var scope = NewDisposeScope();
            long channels = input.shape[1];
            long[] reduced = ReducedDimensions(input.dim());
            long[] shape = BroadcastShape(input.dim(), channels);
            bool reduced16 = input.dtype is ScalarType.Float16 or ScalarType.BFloat16;
            Tensor x = reduced16 ? input.to_type(ScalarType.Float32) : input; // statistics in float32 under autocast, as libtorch's
            long rows = input.numel() / channels;
            Tensor mean = x.mean(reduced);
            Tensor squares = x.sub(mean.view(shape)).square().sum(reduced);
            Tensor count = full(new long[] { 1 }, (double)rows, dtype: x.dtype, device: x.device);
            Tensor mine = cat(new[] { count, mean, squares }).unsqueeze(0);                // [1, 1 + 2C]
            Tensor all = DistributedAutograd.AllGather(group, mine);                        // [ranks, 1 + 2C]
            Tensor counts = all.narrow(1, 0, 1);                                            // [ranks, 1]
            Tensor means = all.narrow(1, 1, channels);
            Tensor deviations = all.narrow(1, 1 + channels, channels);
            Tensor total = counts.sum();
            Tensor globalMean = means.mul(counts).sum(Rows).div(total);
            // Σ_r [M2_r + n_r (μ_r − μ)²]: the global sum of squared deviations.
            Tensor globalSquares = deviations.sum(Rows).add(means.sub(globalMean).square().mul(counts).sum(Rows));
            Tensor variance = globalSquares.div(total);
            using (no_grad())
            {
                Tensor unbiased = globalSquares.div(total.sub(1).clamp_min(1));
                running_mean.mul_(1 - momentum).add_(globalMean.detach().to_type(running_mean.dtype), alpha: momentum);
                running_var.mul_(1 - momentum).add_(unbiased.to_type(running_var.dtype), alpha: momentum);
            }

            Tensor scale = variance.add(eps).rsqrt().mul(weight.to_type(x.dtype));
            Tensor y = x.sub(globalMean.view(shape)).mul(scale.view(shape)).add(bias.to_type(x.dtype).view(shape));
            return y.to_type(input.dtype).MoveToOuterDisposeScope();
        }

        private static long[] ReducedDimensions(long dims)
        {
            var reduced = new long[dims - 1];
            reduced[0] = 0;
            for (int d = 2; d < dims; d++)
            {
                reduced[d - 1] = d;
            }

            return reduced;
        }

        private static long[] BroadcastShape(long dims, long channels)
        {
            var shape = new long[dims];
            Array.Fill(shape, 1L);
            shape[1] = channels;
            return shape;
        }
    }
}
