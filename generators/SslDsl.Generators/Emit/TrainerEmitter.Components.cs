using System;
using System.Globalization;
using System.Linq;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;

namespace SslDsl.Generators.Emit
{
    /// <summary>Decides the concrete runtime component for each attribute family (constants folded in).</summary>
    internal static partial class TrainerEmitter
    {
        private const string Runtime = "global::SslDsl";

        internal static TrainerPlan Plan(ExperimentModel model)
        {
            var plan = new TrainerPlan { ExperimentName = model.FullName, ExperimentType = "global::" + model.FullName };
            AttributeModel input = model.Single(AttributeFamily.Input) ?? throw new InvalidOperationException("exactly one input declaration is required");
            plan.Kind = Modality.Of(model);
            plan.Channels = plan.Kind == InputKind.Token ? 0 : input.Int("Channels", plan.Kind == InputKind.Image ? 3 : 1);
            plan.Height = input.Int("Height", 0);
            plan.Width = input.Int("Width", 0);
            plan.Length = input.Int("Length", 0);
            plan.VocabSize = input.Int("VocabSize", 0);
            plan.EncoderLength = plan.Length;

            AttributeModel? training = model.Named("Training");
            plan.BatchSize = ComponentRules.BatchSize(model);
            plan.Epochs = training?.Int("Epochs", SslDefaults.Epochs) ?? SslDefaults.Epochs;
            plan.AccumulationSteps = training?.Int("AccumulationSteps", SslDefaults.AccumulationSteps) ?? SslDefaults.AccumulationSteps;
            plan.Seed = training?.Int("Seed", SslDefaults.Seed) ?? SslDefaults.Seed;
            plan.LogEverySteps = training?.Int("LogEverySteps", SslDefaults.LogEverySteps) ?? SslDefaults.LogEverySteps;
            plan.Views = ExperimentRules.ViewCount(model);

            AttributeModel objective = model.Single(AttributeFamily.Objective)!;
            plan.Family = Modality.IsSingleView(objective) ? ObjectiveFamily.SingleView : ObjectiveFamily.JointEmbedding;
            if (objective.Name == "FutureWindowPrediction")
            {
                int horizon = objective.Int("Horizon", 0);
                int context = objective.Int("Context", 0);
                plan.EncoderLength = context == 0 ? plan.Length - horizon : context;
            }

            PlanEncoder(model.Single(AttributeFamily.Encoder)!, plan);
            PlanMultiCrop(model, plan);
            PlanAugmentations(model, plan);
            if (plan.Family == ObjectiveFamily.SingleView)
            {
                PlanSingleViewObjective(objective, plan);
            }
            else
            {
                PlanProjector(model.Named("Projector"), plan);
                PlanObjective(objective, model, plan);
            }

            PlanOptimizer(model.Single(AttributeFamily.Optimizer), plan);

            if (model.Named("WarmupCosine") is { } schedule)
            {
                plan.WarmupEpochs = schedule.Int("WarmupEpochs", SslDefaults.WarmupEpochs);
                plan.FinalLearningRate = schedule.Number("FinalLearningRate", SslDefaults.FinalLearningRate);
            }

            AttributeModel? probe = model.Named("LinearProbe");
            plan.ProbeEpochs = probe?.Int("Epochs", SslDefaults.LinearProbeEpochs) ?? SslDefaults.LinearProbeEpochs;
            plan.ProbeWeightDecay = probe?.Number("WeightDecay", SslDefaults.LinearProbeWeightDecay) ?? SslDefaults.LinearProbeWeightDecay;
            AttributeModel? fineTune = model.Named("FineTune");
            plan.FineTuneLearningRate = fineTune?.Number("LearningRate", SslDefaults.FineTuneLearningRate) ?? SslDefaults.FineTuneLearningRate;
            plan.FineTuneHeadMultiplier = fineTune?.Number("HeadLearningRateMultiplier", SslDefaults.FineTuneHeadMultiplier) ?? SslDefaults.FineTuneHeadMultiplier;
            plan.FineTuneBackboneMultiplier = fineTune?.Number("BackboneLearningRateMultiplier", SslDefaults.FineTuneBackboneMultiplier) ?? SslDefaults.FineTuneBackboneMultiplier;
            plan.FineTuneEpochs = fineTune?.Int("Epochs", SslDefaults.FineTuneEpochs) ?? SslDefaults.FineTuneEpochs;
            plan.FineTunePatience = fineTune?.Int("Patience", SslDefaults.FineTunePatience) ?? SslDefaults.FineTunePatience;
            AttributeModel? knn = model.Named("KnnMonitor");
            plan.KnnK = knn?.Int("K", SslDefaults.KnnK) ?? SslDefaults.KnnK;
            plan.KnnTemperature = knn?.Number("Temperature", SslDefaults.KnnTemperature) ?? SslDefaults.KnnTemperature;
            plan.KnnEveryEpochs = knn?.Int("EveryEpochs", SslDefaults.KnnEveryEpochs);
            if (model.Named("Checkpoint") is { } checkpoint)
            {
                plan.Checkpoints = new CheckpointPlan(
                    checkpoint.Int("EveryEpochs", SslDefaults.CheckpointEveryEpochs),
                    checkpoint.Int("EverySteps", SslDefaults.CheckpointEverySteps),
                    checkpoint.Argument("Directory")?.Value.Text ?? SslDefaults.CheckpointDirectory,
                    checkpoint.Int("Keep", SslDefaults.CheckpointKeep));
            }
            return plan;
        }

        private static void PlanProjector(AttributeModel? projector, TrainerPlan plan)
        {
            if (projector is null)
            {
                return;
            }

            int hidden = projector.Int("Hidden", SslDefaults.ProjectorHidden);
            int output = projector.Int("Output", SslDefaults.ProjectorOutput);
            int layers = projector.Int("Layers", SslDefaults.ProjectorLayers);
            plan.ProjectorNew = $"new {Runtime}.Heads.ProjectionHead({plan.EncoderOutputDim}, {Literal(hidden)}, {Literal(output)}, {Literal(layers)})";
            plan.ProjectorComment = $"[Projector] {Literal(layers)} layers, hidden {Literal(hidden)}, output {Literal(output)}";
        }

        private static void PlanAugmentations(ExperimentModel model, TrainerPlan plan)
        {
            foreach (AttributeModel a in model.OfFamily(AttributeFamily.Augmentation))
            {
                string field = "augmentation" + plan.Augmentations.Count.ToString(CultureInfo.InvariantCulture) + a.Name;
                int view = a.Int("View", -1);
                string type;
                string args;
                switch (a.Name)
                {
                    case "RandomResizedCrop":
                        int size = a.Int("Size", 0);
                        int height = size == 0 ? plan.Height : size;
                        int width = size == 0 ? plan.Width : size;
                        type = Runtime + ".Augmentations.RandomResizedCrop";
                        args = $"{Literal(height)}, {Literal(width)}, {Literal(a.Number("MinScale", SslDefaults.CropMinScale))}, {Literal(a.Number("MaxScale", SslDefaults.CropMaxScale))}, "
                             + $"{Literal(a.Number("MinRatio", SslDefaults.CropMinRatio))}, {Literal(a.Number("MaxRatio", SslDefaults.CropMaxRatio))}, {Literal(a.Number("Probability", 1.0))}";
                        break;
                    case "HorizontalFlip":
                        type = Runtime + ".Augmentations.HorizontalFlip";
                        args = Literal(a.Number("Probability", SslDefaults.FlipProbability));
                        break;
                    case "ColorJitter":
                        type = Runtime + ".Augmentations.ColorJitter";
                        args = $"{Literal(a.Number("Brightness", SslDefaults.JitterBrightness))}, {Literal(a.Number("Contrast", SslDefaults.JitterContrast))}, "
                             + $"{Literal(a.Number("Saturation", SslDefaults.JitterSaturation))}, {Literal(a.Number("Hue", SslDefaults.JitterHue))}, {Literal(a.Number("Probability", SslDefaults.JitterProbability))}";
                        break;
                    case "Grayscale":
                        type = Runtime + ".Augmentations.Grayscale";
                        args = Literal(a.Number("Probability", SslDefaults.GrayscaleProbability));
                        break;
                    case "GaussianBlur":
                        type = Runtime + ".Augmentations.GaussianBlur";
                        args = $"{Literal(a.Int("KernelSize", SslDefaults.BlurKernelSize))}, {Literal(a.Number("MinSigma", SslDefaults.BlurMinSigma))}, "
                             + $"{Literal(a.Number("MaxSigma", SslDefaults.BlurMaxSigma))}, {Literal(a.Number("Probability", SslDefaults.BlurProbability))}";
                        break;
                    case "Solarize":
                        type = Runtime + ".Augmentations.Solarize";
                        args = $"{Literal(a.Number("Threshold", SslDefaults.SolarizeThreshold))}, {Literal(a.Number("Probability", SslDefaults.SolarizeProbability))}";
                        break;
                    case "Normalize":
                        double[] mean = a.Argument("Mean") is { } meanArgument ? meanArgument.Value.Items.ToArray() : SslDefaults.NormalizeMean;
                        double[] std = a.Argument("Std") is { } stdArgument ? stdArgument.Value.Items.ToArray() : SslDefaults.NormalizeStd;
                        type = Runtime + ".Augmentations.Normalize";
                        args = $"new double[] {{ {string.Join(", ", mean.Select(Literal))} }}, new double[] {{ {string.Join(", ", std.Select(Literal))} }}";
                        break;
                    case "GammaContrast":
                        type = Runtime + ".Augmentations.GammaContrast";
                        args = $"{Literal(a.Number("MinGamma", SslDefaults.GammaMin))}, {Literal(a.Number("MaxGamma", SslDefaults.GammaMax))}, {Literal(a.Number("Probability", 1.0))}";
                        break;
                    case "IntensityWindow":
                        type = Runtime + ".Augmentations.IntensityWindow";
                        args = $"{Literal(a.Number("MinLevel", SslDefaults.WindowMinLevel))}, {Literal(a.Number("MaxLevel", SslDefaults.WindowMaxLevel))}, "
                             + $"{Literal(a.Number("MinWidth", SslDefaults.WindowMinWidth))}, {Literal(a.Number("MaxWidth", SslDefaults.WindowMaxWidth))}, {Literal(a.Number("Probability", 1.0))}";
                        break;
                    case "BiasField":
                        type = Runtime + ".Augmentations.BiasField";
                        args = $"{Literal(a.Int("Order", SslDefaults.BiasFieldOrder))}, {Literal(a.Number("Strength", SslDefaults.BiasFieldStrength))}, {Literal(a.Number("Probability", 1.0))}";
                        break;
                    case "GaussianNoise":
                    case "RicianNoise":
                        type = Runtime + ".Augmentations." + a.Name;
                        args = $"{Literal(a.Number("MinStd", SslDefaults.NoiseMinStd))}, {Literal(a.Number("MaxStd", SslDefaults.NoiseMaxStd))}, {Literal(a.Number("Probability", 1.0))}";
                        break;
                    case "MotionBlur":
                        type = Runtime + ".Augmentations.MotionBlur";
                        args = $"{Literal(a.Int("KernelSize", SslDefaults.MotionBlurKernelSize))}, {Literal(a.Number("Probability", 1.0))}";
                        break;
                    default:
                        if (!TryPlanSequenceAugmentation(a, plan, out type, out args))
                        {
                            throw new NotSupportedException($"augmentation [{a.Name}] is not supported by this version of the generator");
                        }

                        break;
                }

                string comment = "[" + a.Name + (a.Arguments.Count == 0 ? "" : "(" + string.Join(", ", a.Arguments.Select(x => x.Name + " = " + x.Value.Display)) + ")") + "]";
                plan.Augmentations.Add(new AugmentationPlan(field, type, $"new {type}({args})", view, comment));
            }

            InsertAugmentationMethods(model, plan);
        }

        /// <summary>
        /// User [Augmentation] methods join the pipeline after the first Order declared augmentations (stable: equal
        /// Order keeps source order), so Order 0 runs first and an Order past the end runs last.
        /// </summary>
        private static void InsertAugmentationMethods(ExperimentModel model, TrainerPlan plan)
        {
            var declared = plan.Augmentations.ToList();
            plan.Augmentations.Clear();
            AugmentationMethodModel[] methods = model.AugmentationMethods.ToArray();
            for (int position = 0; position <= declared.Count; position++)
            {
                foreach (AugmentationMethodModel method in methods)
                {
                    int at = Math.Max(0, Math.Min(method.Order, declared.Count));
                    if (at == position)
                    {
                        string comment = $"[Augmentation(Order = {Literal(method.Order)})] {method.Name}" + (method.Probability < 1 ? $", probability {Literal(method.Probability)}" : "");
                        plan.Augmentations.Add(new AugmentationPlan("", "", "", method.View, comment, Method: method.Name, Probability: method.Probability));
                    }
                }

                if (position < declared.Count)
                {
                    plan.Augmentations.Add(declared[position]);
                }
            }
        }

        private static void PlanObjective(AttributeModel objective, ExperimentModel model, TrainerPlan plan)
        {
            string objectives = Runtime + ".Objectives.";
            string projectionDim = plan.ProjectorNew is null ? plan.EncoderOutputDim : "Projector.OutputDim";
            switch (objective.Name)
            {
                case "SimClr":
                    double temperature = objective.Number("Temperature", SslDefaults.SimClrTemperature);
                    plan.ObjectiveType = objectives + "NtXentLoss";
                    plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(temperature)}, ViewCount)";
                    plan.ObjectiveComment = $"[SimClr] NT-Xent, temperature {Literal(temperature)}";
                    plan.ObjectiveDisposable = true;
                    plan.LossExpression = "objective.Compute(projections)";
                    break;
                case "BarlowTwins":
                    double lambda = objective.Number("Lambda", SslDefaults.BarlowTwinsLambda);
                    plan.ObjectiveType = objectives + "BarlowTwinsLoss";
                    plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(lambda)})";
                    plan.ObjectiveComment = $"[BarlowTwins] lambda {Literal(lambda)}";
                    plan.LossExpression = "objective.Compute(projections)";
                    plan.TwoViewLoss = true;
                    break;
                case "Vicreg":
                    double invariance = objective.Number("Invariance", SslDefaults.VicregInvariance);
                    double variance = objective.Number("Variance", SslDefaults.VicregVariance);
                    double covariance = objective.Number("Covariance", SslDefaults.VicregCovariance);
                    plan.ObjectiveType = objectives + "VicRegLoss";
                    plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(invariance)}, {Literal(variance)}, {Literal(covariance)})";
                    plan.ObjectiveComment = $"[Vicreg] invariance {Literal(invariance)}, variance {Literal(variance)}, covariance {Literal(covariance)}";
                    plan.LossExpression = "objective.Compute(projections)";
                    plan.TwoViewLoss = true;
                    break;
                case "SimSiam":
                    plan.ObjectiveComment = "[SimSiam] negative cosine, stop-gradient on the projections";
                    plan.LossExpression = objectives + "SimSiamLoss.Compute(predictions, projections)";
                    plan.TwoViewLoss = true;
                    break;
                case "Byol":
                    double start = objective.Number("MomentumStart", SslDefaults.ByolMomentumStart);
                    double end = objective.Number("MomentumEnd", SslDefaults.ByolMomentumEnd);
                    plan.ObjectiveComment = $"[Byol] normalised MSE to an EMA target, momentum {Literal(start)} -> {Literal(end)} (cosine)";
                    plan.LossExpression = objectives + "ByolLoss.Compute(predictions, targets)";
                    plan.TwoViewLoss = true;
                    plan.HasTargetNetwork = true;
                    plan.MomentumSchedule = (start, end);
                    break;
                case "MoCo":
                    int version = objective.Int("Version", SslDefaults.MoCoVersion);
                    double moCoTemperature = objective.Number("Temperature", SslDefaults.MoCoTemperature);
                    plan.HasTargetNetwork = true;
                    plan.ConstantMomentum = objective.Number("Momentum", SslDefaults.MoCoMomentum);
                    if (version == 2)
                    {
                        int queue = objective.Int("QueueSize", SslDefaults.MoCoQueueSize);
                        plan.ObjectiveType = objectives + "MoCoLoss";
                        plan.ObjectiveNew = $"new {plan.ObjectiveType}({projectionDim}, queueSize: {Literal(queue)}, temperature: {Literal(moCoTemperature)}, device: device)";
                        plan.ObjectiveComment = $"[MoCo] v2: InfoNCE against a queue of {Literal(queue)} keys, temperature {Literal(moCoTemperature)}, momentum {Literal(plan.ConstantMomentum)}";
                        plan.ObjectiveDisposable = true;
                        plan.ObjectiveState = "objective.Queue";
                        plan.ObjectiveStateComment = "the negatives, so that a resumed run continues with them";
                        plan.LossExpression = "objective.Compute(projections, targets)";
                    }
                    else
                    {
                        plan.ObjectiveType = objectives + "MoCoV3Loss";
                        plan.ObjectiveNew = $"new {plan.ObjectiveType}({Literal(moCoTemperature)})";
                        plan.ObjectiveComment = $"[MoCo] v3: in-batch InfoNCE x 2*temperature ({Literal(moCoTemperature)}), momentum {Literal(plan.ConstantMomentum)}";
                        plan.LossExpression = "objective.Compute(predictions, targets)";
                        plan.TwoViewLoss = true;
                    }

                    break;
                default:
                    throw new NotSupportedException($"objective [{objective.Name}] is not supported by this version of the generator");
            }

            if (ComponentRules.NeedsPredictor(objective) && model.Named("Predictor") is { } predictor)
            {
                int hidden = predictor.Int("Hidden", SslDefaults.PredictorHidden);
                int output = predictor.Int("Output", SslDefaults.PredictorOutput);
                string outputExpression = output == 0 ? projectionDim : Literal(output);
                plan.PredictorNew = $"new {Runtime}.Heads.ProjectionHead({projectionDim}, {Literal(hidden)}, {outputExpression}, 2)";
                plan.PredictorComment = $"[Predictor] hidden {Literal(hidden)}, output {(output == 0 ? "= projector output" : Literal(output))}";
            }
        }

        private static void PlanOptimizer(AttributeModel? optimizer, TrainerPlan plan)
        {
            string name = optimizer?.Name ?? "Lars";
            switch (name)
            {
                case "Sgd":
                    plan.LearningRate = optimizer!.Number("LearningRate", SslDefaults.SgdLearningRate);
                    double sgdMomentum = optimizer.Number("Momentum", SslDefaults.SgdMomentum);
                    double sgdDecay = optimizer.Number("WeightDecay", SslDefaults.SgdWeightDecay);
                    plan.OptimizerType = Runtime + ".Optimization.SgdOptimizer";
                    plan.OptimizerArguments = $"momentum: {Literal(sgdMomentum)}, weightDecay: {Literal(sgdDecay)}";
                    plan.OptimizerComment = $"[Sgd] lr {Literal(plan.LearningRate)}, momentum {Literal(sgdMomentum)}, weight decay {Literal(sgdDecay)}";
                    break;
                case "Lars":
                    plan.LearningRate = optimizer?.Number("LearningRate", SslDefaults.LarsLearningRate) ?? SslDefaults.LarsLearningRate;
                    double larsMomentum = optimizer?.Number("Momentum", SslDefaults.LarsMomentum) ?? SslDefaults.LarsMomentum;
                    double larsDecay = optimizer?.Number("WeightDecay", SslDefaults.LarsWeightDecay) ?? SslDefaults.LarsWeightDecay;
                    double trust = optimizer?.Number("TrustCoefficient", SslDefaults.LarsTrustCoefficient) ?? SslDefaults.LarsTrustCoefficient;
                    plan.OptimizerType = Runtime + ".Optimization.LarsOptimizer";
                    plan.OptimizerArguments = $"momentum: {Literal(larsMomentum)}, weightDecay: {Literal(larsDecay)}, trustCoefficient: {Literal(trust)}";
                    plan.OptimizerComment = $"[Lars] lr {Literal(plan.LearningRate)}, momentum {Literal(larsMomentum)}, weight decay {Literal(larsDecay)}, trust {Literal(trust)}" + (optimizer is null ? " (default)" : "");
                    break;
                case "AdamW":
                    plan.LearningRate = optimizer!.Number("LearningRate", SslDefaults.AdamWLearningRate);
                    double decay = optimizer.Number("WeightDecay", SslDefaults.AdamWWeightDecay);
                    double beta1 = optimizer.Number("Beta1", SslDefaults.AdamWBeta1);
                    double beta2 = optimizer.Number("Beta2", SslDefaults.AdamWBeta2);
                    plan.OptimizerType = Runtime + ".Optimization.AdamWOptimizer";
                    plan.OptimizerArguments = $"weightDecay: {Literal(decay)}, beta1: {Literal(beta1)}, beta2: {Literal(beta2)}";
                    plan.OptimizerComment = $"[AdamW] lr {Literal(plan.LearningRate)}, weight decay {Literal(decay)}, betas ({Literal(beta1)}, {Literal(beta2)})";
                    break;
                default:
                    throw new NotSupportedException($"optimizer [{name}] is not supported by this version of the generator");
            }
        }
    }
}
