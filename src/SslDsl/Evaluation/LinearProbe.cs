using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Linear evaluation protocol: multinomial logistic regression on frozen features, standardised with the
    /// training mean and deviation, fitted by full-batch L-BFGS with an L2 penalty (as scikit-learn's
    /// LogisticRegression, which the linear-probe baselines of SimCLR's appendix and solo-learn's offline eval use).
    /// Reports test top-1, and top-5 when there are more than 5 classes.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Three ways to fit: with one fixed weight decay (<see cref="Fit(Tensor, Tensor, Tensor, Tensor, int, int, double)"/>);
    /// with a weight-decay sweep (<see cref="LinearProbeOptions.WeightDecaySweep"/>): every value of
    /// <see cref="LinearProbeOptions.Grid"/> is fitted on the training labels less a stratified, seeded validation split
    /// (<see cref="LinearProbeOptions.ValidationFraction"/>), the best by validation top-1 (ties: lower validation
    /// cross-entropy) is refitted on all training labels and evaluated on test; and on label fractions
    /// (<see cref="FitFractions"/>), the same protocol on stratified subsets of the training labels, reusing the features.
    /// </para>
    /// <para>
    /// All arguments are checked before any work. L-BFGS is <see cref="Lbfgs"/>, a managed port of torch.optim.LBFGS:
    /// TorchSharp's runs the loss as a callback from native code (where an exception aborts the process) and prints a
    /// libtorch deprecation warning every time it is constructed.
    /// </para>
    /// </remarks>
    public static class LinearProbe
    {
        /// <summary>
        /// Fits the probe with one fixed L2 penalty on <paramref name="trainFeatures"/> <c>[N, D]</c> and reports
        /// accuracy on the test set.
        /// </summary>
        /// <exception cref="ArgumentException">Features not 2-D floating point, with NaN/±Inf (the message counts the
        /// samples), or of different widths; labels not 1-D integer (int64, int32, uint8), or not one per feature row.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A label outside [0, classes) (the message gives the first and its
        /// index), classes &lt; 2, iterations &lt; 1, weightDecay negative or not finite.</exception>
        public static LinearProbeResult Fit(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, int iterations = SslDefaults.LinearProbeIterations, double weightDecay = SslDefaults.LinearProbeWeightDecay)
        {
            EvaluationInputs.CheckClasses(classes);
            if (iterations < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"iterations is {iterations}; must be >= 1");
            }

            if (!double.IsFinite(weightDecay) || weightDecay < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"weightDecay is {weightDecay}; must be finite and >= 0");
            }

            return Fit(trainFeatures, trainLabels, testFeatures, testLabels, classes, new LinearProbeOptions(iterations, weightDecay, WeightDecaySweep: false));
        }

        /// <summary>
        /// Fits the probe as <paramref name="options"/> says (fixed weight decay, or the sweep) and reports accuracy on
        /// the test set. See <see cref="LinearProbe"/> for the protocol.
        /// </summary>
        /// <exception cref="ArgumentException">As the other overload, and options out of range (parameter
        /// <c>options</c>, the message names the property and its value).</exception>
        public static LinearProbeResult Fit(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, LinearProbeOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            EvaluationInputs.CheckClasses(classes);
            CheckOptions(options);
            using var scope = NewDisposeScope();
            Inputs inputs = Prepare(trainFeatures, trainLabels, testFeatures, testLabels, classes);
            return Probe(inputs.Train, inputs.TrainLabels, inputs.TrainLabelsHost, inputs, classes, options, fraction: 1);
        }

        /// <summary>
        /// The probe of <see cref="Fit(Tensor, Tensor, Tensor, Tensor, int, LinearProbeOptions)"/> on each fraction of the
        /// training labels (e.g. 0.01, 0.1, 1): per class max(1, round(fraction · n_c)) samples, drawn with
        /// <c>options.Seed</c> (<see cref="LabelSubset"/>; a smaller fraction is a subset of a larger one), from the
        /// same features: extract them once and pass them here. One result per fraction, in the order given, each with
        /// its <see cref="LinearProbeResult.LabelFraction"/>.
        /// </summary>
        /// <exception cref="ArgumentException">As <see cref="Fit(Tensor, Tensor, Tensor, Tensor, int, LinearProbeOptions)"/>;
        /// no fractions, or one outside (0, 1].</exception>
        public static IReadOnlyList<LinearProbeResult> FitFractions(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, IReadOnlyList<double> labelFractions, LinearProbeOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(labelFractions);
            options ??= new LinearProbeOptions();
            EvaluationInputs.CheckClasses(classes);
            CheckOptions(options);
            CheckFractions(labelFractions);
            using var scope = NewDisposeScope();
            Inputs inputs = Prepare(trainFeatures, trainLabels, testFeatures, testLabels, classes);
            var results = new List<LinearProbeResult>(labelFractions.Count);
            foreach (double fraction in labelFractions)
            {
                using var fractionScope = NewDisposeScope();
                if (fraction == 1)
                {
                    results.Add(Probe(inputs.Train, inputs.TrainLabels, inputs.TrainLabelsHost, inputs, classes, options, fraction));
                    continue;
                }

                long[] subset = StratifiedSampling.Subset(inputs.TrainLabelsHost, classes, fraction, options.Seed);
                Tensor index = tensor(subset, device: inputs.Train.device);
                long[] labelsHost = subset.Select(i => inputs.TrainLabelsHost[i]).ToArray();
                results.Add(Probe(inputs.Train.index_select(0, index), inputs.TrainLabels.index_select(0, index), labelsHost, inputs, classes, options, fraction));
            }

            return results;
        }

        /// <summary>
        /// The indices (int64, ascending, on the CPU) of the stratified, seeded subset that <see cref="FitFractions"/>
        /// probes with for <paramref name="fraction"/>: per class c with n_c samples, max(1, round(fraction · n_c)) of
        /// them, drawn by a per-class shuffle seeded with <paramref name="seed"/>.
        /// </summary>
        public static Tensor LabelSubset(Tensor labels, int classes, double fraction, long seed = 0)
        {
            ArgumentNullException.ThrowIfNull(labels);
            EvaluationInputs.CheckClasses(classes);
            CheckFractions(new[] { fraction }, nameof(fraction));
            long rows = labels.dim() == 1 ? labels.shape[0] : -1;
            using Tensor host = EvaluationInputs.CheckLabels(labels, rows, classes, nameof(labels), nameof(labels));
            return tensor(StratifiedSampling.Subset(host.data<long>().ToArray(), classes, fraction, seed));
        }

        /// <summary>Fraction of rows whose true label is among the <paramref name="k"/> highest logits.</summary>
        internal static double TopK(Tensor logits, Tensor labels, int k)
        {
            using var scope = NewDisposeScope();
            Tensor top = logits.topk(Math.Min(k, (int)logits.shape[1]), dim: 1).indexes;
            return top.eq(labels.unsqueeze(1)).any(1).to_type(ScalarType.Float64).mean().item<double>();
        }

        internal static double Accuracy(Tensor logits, Tensor labels) => TopK(logits, labels, 1);

        /// <summary>Final fit (after the sweep when asked) on the given training rows and its test accuracy.</summary>
        private static LinearProbeResult Probe(Tensor train, Tensor trainLabels, long[] trainLabelsHost, Inputs inputs, int classes, LinearProbeOptions options, double fraction)
        {
            using var scope = NewDisposeScope();
            double weightDecay = options.WeightDecay;
            WeightDecaySweep? sweep = null;
            string? note = null;
            if (options.WeightDecaySweep)
            {
                (sweep, note) = Sweep(train, trainLabels, trainLabelsHost, classes, options);
                weightDecay = sweep?.Chosen ?? weightDecay;
            }

            ProbeModel model = ProbeModel.Fit(train, trainLabels, classes, options.Iterations, weightDecay);
            double trainTop1 = Accuracy(model.Logits(train), trainLabels);
            Tensor testLogits = model.Logits(inputs.Test);
            double top1 = Accuracy(testLogits, inputs.TestLabels);
            double? top5 = classes > 5 ? TopK(testLogits, inputs.TestLabels, 5) : null;
            return new LinearProbeResult(
                top1, top5, trainTop1, (int)train.shape[0], (int)inputs.Test.shape[0], (int)train.shape[1], model.FinalLoss, weightDecay, sweep, fraction, note);
        }

        /// <summary>Fits every grid value on the training rows less a held-out split and scores it there.</summary>
        private static (WeightDecaySweep? Sweep, string? Note) Sweep(Tensor train, Tensor trainLabels, long[] trainLabelsHost, int classes, LinearProbeOptions options)
        {
            (long[] fit, long[] validation) = StratifiedSampling.Holdout(trainLabelsHost, classes, options.ValidationFraction, options.Seed);
            if (validation.Length == 0)
            {
                return (null, $"weight-decay sweep skipped: no class has two of the {trainLabelsHost.Length} training labels, so none can be held out for validation; fitted with the configured weight decay {options.WeightDecay}");
            }

            using var scope = NewDisposeScope();
            Tensor fitIndex = tensor(fit, device: train.device);
            Tensor validationIndex = tensor(validation, device: train.device);
            Tensor fitX = train.index_select(0, fitIndex);
            Tensor fitY = trainLabels.index_select(0, fitIndex);
            Tensor validationX = train.index_select(0, validationIndex);
            Tensor validationY = trainLabels.index_select(0, validationIndex);
            IReadOnlyList<double> grid = options.Grid;
            var top1 = new double[grid.Count];
            var loss = new double[grid.Count];
            int best = 0;
            for (int i = 0; i < grid.Count; i++)
            {
                using var fitScope = NewDisposeScope();
                ProbeModel model = ProbeModel.Fit(fitX, fitY, classes, options.Iterations, grid[i]);
                Tensor logits = model.Logits(validationX);
                top1[i] = Accuracy(logits, validationY);
                loss[i] = nn.functional.cross_entropy(logits, validationY).to_type(ScalarType.Float64).item<double>();
                if (top1[i] > top1[best] || (top1[i] == top1[best] && loss[i] < loss[best]))
                {
                    best = i;
                }
            }

            return (new WeightDecaySweep(grid, top1, loss, grid[best], fit.Length, validation.Length), null);
        }

        /// <summary>Checked inputs as the fits use them: float32 features and int64 labels on the training features' device.</summary>
        private sealed record Inputs(Tensor Train, Tensor TrainLabels, long[] TrainLabelsHost, Tensor Test, Tensor TestLabels);

        private static Inputs Prepare(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes)
        {
            long trainRows = EvaluationInputs.CheckFeatures(trainFeatures, nameof(trainFeatures));
            long testRows = EvaluationInputs.CheckFeatures(testFeatures, nameof(testFeatures));
            EvaluationInputs.CheckSameWidth(trainFeatures, nameof(trainFeatures), testFeatures, nameof(testFeatures));
            Tensor yTrainHost = EvaluationInputs.CheckLabels(trainLabels, trainRows, classes, nameof(trainLabels), nameof(trainFeatures));
            Tensor yTestHost = EvaluationInputs.CheckLabels(testLabels, testRows, classes, nameof(testLabels), nameof(testFeatures));
            Device device = trainFeatures.device;
            return new Inputs(
                trainFeatures.to_type(ScalarType.Float32),
                yTrainHost.to(device),
                yTrainHost.data<long>().ToArray(),
                testFeatures.to_type(ScalarType.Float32).to(device),
                yTestHost.to(device));
        }

        private static void CheckOptions(LinearProbeOptions options)
        {
            static void Require(bool ok, string what)
            {
                if (!ok)
                {
                    throw new ArgumentException($"options.{what}", nameof(options));
                }
            }

            Require(options.Iterations >= 1, $"Iterations is {options.Iterations}; must be >= 1");
            Require(double.IsFinite(options.WeightDecay) && options.WeightDecay >= 0, $"WeightDecay is {options.WeightDecay}; must be finite and >= 0");
            if (!options.WeightDecaySweep)
            {
                return;
            }

            Require(options.ValidationFraction > 0 && options.ValidationFraction < 1, $"ValidationFraction is {options.ValidationFraction}; must be in (0, 1)");
            if (options.WeightDecayGrid is { } grid)
            {
                Require(grid.Count > 0, "WeightDecayGrid is empty; give at least one value (or null for the default grid)");
                double bad = grid.FirstOrDefault(v => !double.IsFinite(v) || v < 0, 0);
                Require(double.IsFinite(bad) && bad >= 0, $"WeightDecayGrid holds {bad}; each value must be finite and >= 0");
            }
            else
            {
                Require(options.WeightDecay > 0, "WeightDecay is 0 with WeightDecaySweep: the default grid multiplies it (×1e-2 … ×1e2); set WeightDecay > 0 or a WeightDecayGrid");
            }
        }

        private static void CheckFractions(IReadOnlyList<double> fractions, string name = "labelFractions")
        {
            if (fractions.Count == 0)
            {
                throw new ArgumentException($"{name} is empty; give at least one fraction in (0, 1], e.g. 0.01, 0.1, 1", name);
            }

            foreach (double fraction in fractions)
            {
                if (!(fraction > 0 && fraction <= 1))
                {
                    throw new ArgumentOutOfRangeException(name, fraction, $"label fraction {fraction} is outside (0, 1]");
                }
            }
        }
    }
}
