using System;
using SslDsl.Training.Checkpoints;
using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// A linear classifier trained alongside pretraining on detached encoder features (solo-learn's and lightly's online
    /// probe): each <see cref="Observe"/> is one AdamW step of softmax regression on the labelled rows of a batch, on
    /// L2-normalised features (so that one learning rate suits encoders whose outputs differ in scale by orders). The
    /// gradient is written out (softmax minus one-hot), so the probe builds no graph and never touches the encoder's; all
    /// of it stays on the device with no host read. <see cref="Top1"/> measures it on held-out data (one host read).
    /// </summary>
    /// <remarks>
    /// Rows labelled -1 are unlabelled and ignored. A batch without any labelled row still moves the weights by Adam's
    /// momentum (skipping the step would need a host read of the count); with a fraction of labels spread over the data,
    /// nearly every batch has some. Weights start at zero (the problem is convex, so no random draw is needed).
    /// </remarks>
    public sealed class OnlineLinearProbe : ICheckpointState, IDisposable
    {
        private const double Beta1 = 0.9;
        private const double Beta2 = 0.999;
        private const double Epsilon = 1e-8;

        private readonly Tensor weight;
        private readonly Tensor bias;
        private readonly Tensor[] firstMoments;
        private readonly Tensor[] secondMoments;

        /// <param name="features">Width of the encoder's features.</param>
        /// <param name="classes">Number of classes (labels in [0, classes)).</param>
        /// <param name="device">Where the features arrive.</param>
        /// <param name="learningRate">Adam's step size.</param>
        /// <param name="weightDecay">Decoupled weight decay on the weights (not the bias), as AdamW.</param>
        public OnlineLinearProbe(int features, int classes, Device device, double learningRate, double weightDecay = 0)
        {
            if (features < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(features), features, "must be >= 1");
            }

            EvaluationInputs.CheckClasses(classes);
            if (!(learningRate > 0) || !double.IsFinite(learningRate))
            {
                throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be finite and > 0");
            }

            if (!(weightDecay >= 0) || !double.IsFinite(weightDecay))
            {
                throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "must be finite and >= 0");
            }

            Features = features;
            Classes = classes;
            LearningRate = learningRate;
            WeightDecay = weightDecay;
            weight = zeros(features, classes, device: device).DetachFromDisposeScope();
            bias = zeros(classes, device: device).DetachFromDisposeScope();
            firstMoments = new[] { zeros_like(weight).DetachFromDisposeScope(), zeros_like(bias).DetachFromDisposeScope() };
            secondMoments = new[] { zeros_like(weight).DetachFromDisposeScope(), zeros_like(bias).DetachFromDisposeScope() };
        }

        public int Features { get; }

        public int Classes { get; }

        public double LearningRate { get; }

        public double WeightDecay { get; }

        /// <summary>Adam steps taken (one per <see cref="Observe"/>).</summary>
        public long Steps { get; private set; }

        /// <summary>The weights <c>[Features, Classes]</c> and bias <c>[Classes]</c> (live tensors; do not dispose).</summary>
        public (Tensor Weight, Tensor Bias) Parameters => (weight, bias);

        /// <summary>
        /// The ranks whose labelled rows make each step's gradient (data parallel: every rank then holds the same probe,
        /// the one a single process trains on the global batch); null or one rank: this process's rows.
        /// </summary>
        public IProcessGroup? Group { get; set; }

        /// <summary>One AdamW step on the rows of <paramref name="features"/> <c>[R, Features]</c> whose <paramref name="labels"/> <c>[R]</c> are not -1.</summary>
        public void Observe(Tensor features, Tensor labels)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            (Tensor gradWeight, Tensor gradBias) = Group is { Size: > 1 } group ? GlobalGradients(features, labels, group) : Gradients(features, labels);
            Steps++;
            double correction1 = 1 - Math.Pow(Beta1, Steps);
            double correction2 = 1 - Math.Pow(Beta2, Steps);
            weight.mul_(1 - (LearningRate * WeightDecay));
            Tensor[] gradients = { gradWeight, gradBias };
            Tensor[] parameters = { weight, bias };
            for (int i = 0; i < 2; i++)
            {
                firstMoments[i].mul_(Beta1).add_(gradients[i], alpha: 1 - Beta1);
                secondMoments[i].mul_(Beta2).addcmul_(gradients[i], gradients[i], value: 1 - Beta2);
                Tensor denominator = secondMoments[i].div(correction2).sqrt_().add_(Epsilon);
                parameters[i].addcdiv_(firstMoments[i], denominator, value: -LearningRate / correction1);
            }
        }

        /// <summary>Top-1 of the probe on labelled <paramref name="features"/> (one host read).</summary>
        public double Top1(Tensor features, Tensor labels)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor logits = LogitsOf(Normalised(features.to(weight.device)));
            return logits.argmax(1).eq(labels.to(weight.device)).to_type(ScalarType.Float64).mean().item<double>();
        }

        /// <summary>
        /// The gradient of the mean cross-entropy over the labelled rows with respect to weight and bias: for softmax
        /// regression it is Xᵀ(softmax(XW + b) − Y) / n and the column sums of the same, n the labelled rows.
        /// </summary>
        internal (Tensor Weight, Tensor Bias) Gradients(Tensor features, Tensor labels)
        {
            Tensor x = Normalised(features.detach());
            if (x.shape[1] != Features || labels.dim() != 1 || labels.shape[0] != x.shape[0])
            {
                throw new ArgumentException($"the probe takes features [R, {Features}] and labels [R], got [{string.Join(", ", features.shape)}] and [{string.Join(", ", labels.shape)}]");
            }

            Tensor labelled = labels.ge(0);
            Tensor rows = labelled.to_type(ScalarType.Float32).unsqueeze(1);
            Tensor count = rows.sum().clamp_min(1);
            Tensor residual = nn.functional.softmax(LogitsOf(x), 1).sub_(nn.functional.one_hot(labels.clamp_min(0), Classes).to_type(ScalarType.Float32)).mul_(rows).div_(count);
            return (x.t().matmul(residual), residual.sum(new long[] { 0 }));
        }

        /// <summary>
        /// <see cref="Gradients"/> over every rank's labelled rows: each rank's sums (the gradient times its count) and
        /// count in one all-reduce, divided by the global count.
        /// </summary>
        private (Tensor Weight, Tensor Bias) GlobalGradients(Tensor features, Tensor labels, IProcessGroup group)
        {
            (Tensor gradWeight, Tensor gradBias) = Gradients(features, labels);
            Tensor labelled = labels.ge(0).sum().to_type(ScalarType.Float32).view(1);
            Tensor count = labelled.clamp_min(1); // the divisor Gradients used
            Tensor sums = cat(new[] { gradWeight.flatten().mul(count), gradBias.mul(count), labelled });
            group.AllReduceSum(sums);
            Tensor total = sums.narrow(0, sums.shape[0] - 1, 1).clamp_min(1);
            Tensor weightSums = sums.narrow(0, 0, gradWeight.numel()).view(gradWeight.shape);
            Tensor biasSums = sums.narrow(0, gradWeight.numel(), gradBias.numel());
            return (weightSums.div(total), biasSums.div(total));
        }

        /// <summary>Logits of features already normalised (the step normalises once and uses them twice).</summary>
        private Tensor LogitsOf(Tensor normalised) => normalised.matmul(weight).add(bias);

        private static Tensor Normalised(Tensor features) => nn.functional.normalize(features.to_type(ScalarType.Float32).flatten(1), dim: 1);

        public void Write(StateWriter writer, string prefix)
        {
            writer.Tensor(prefix + "weight", weight);
            writer.Tensor(prefix + "bias", bias);
            writer.Tensor(prefix + "weight_m", firstMoments[0]);
            writer.Tensor(prefix + "bias_m", firstMoments[1]);
            writer.Tensor(prefix + "weight_v", secondMoments[0]);
            writer.Tensor(prefix + "bias_v", secondMoments[1]);
            writer.Int64(prefix + "steps", Steps);
        }

        public Action Stage(StateReader reader, string prefix)
        {
            var copies = new StagedCopies();
            copies.Add(weight, reader, prefix + "weight");
            copies.Add(bias, reader, prefix + "bias");
            copies.Add(firstMoments[0], reader, prefix + "weight_m");
            copies.Add(firstMoments[1], reader, prefix + "bias_m");
            copies.Add(secondMoments[0], reader, prefix + "weight_v");
            copies.Add(secondMoments[1], reader, prefix + "bias_v");
            long steps = reader.Int64(prefix + "steps", 0, long.MaxValue);
            return () =>
            {
                copies.CopyIn();
                Steps = steps;
            };
        }

        public void Dispose()
        {
            weight.Dispose();
            bias.Dispose();
            foreach (Tensor t in firstMoments)
            {
                t.Dispose();
            }

            foreach (Tensor t in secondMoments)
            {
                t.Dispose();
            }
        }
    }
}
