using SslDsl.Generators.Features;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Emit
{
    /// <summary>The trainer's constants and the settings object the runtime loop reads.</summary>
    internal static partial class TrainerEmitter
    {
        private static void EmitConstants(CodeWriter w, TrainerPlan plan)
        {
            w.Line($"public const string ExperimentName = \"{plan.Spec.FullName}\";");
            switch (plan.Kind)
            {
                case InputKind.Image:
                    w.Line($"public const int InputChannels = {Literal(plan.Channels)};")
                     .Line($"public const int InputHeight = {Literal(plan.Height)};")
                     .Line($"public const int InputWidth = {Literal(plan.Width)};");
                    break;
                case InputKind.Sequence:
                    w.Line($"public const int InputChannels = {Literal(plan.Channels)};")
                     .Line($"public const int InputLength = {Literal(plan.Length)};");
                    if (plan.EncoderLength != plan.Length)
                    {
                        w.Line($"public const int EncoderLength = {Literal(plan.EncoderLength)}; // the context the encoder sees");
                    }

                    break;
                case InputKind.Token:
                    w.Line($"public const int VocabSize = {Literal(plan.VocabSize)};")
                     .Line($"public const int InputLength = {Literal(plan.Length)};");
                    break;
            }

            if (plan.Horizon > 0)
            {
                w.Line($"public const int Horizon = {Literal(plan.Horizon)};");
            }

            if (plan.CustomEncoderOutputDim is { } outputDim)
            {
                w.Line($"public const int EncoderOutputDim = {Literal(outputDim)}; // from [CustomEncoder]");
            }

            TrainingSpec training = plan.Spec.Training;
            w.Line($"public const int BatchSize = {Literal(training.BatchSize)};" + (plan.Spec.DataParallel is null ? "" : " // the global batch: each of N data-parallel ranks takes BatchSize / N rows"))
             .Line($"public const int Epochs = {Literal(training.Epochs)};")
             .Line($"public const int ViewCount = {Literal(plan.Spec.ViewCount)};");
            if (plan.Spec.MultiCrop is { } crop)
            {
                w.Line($"public const int GlobalViews = {Literal(crop.GlobalCount)}; // [MultiCrop] {Literal(crop.GlobalSize)} px")
                 .Line($"public const int LocalViews = {Literal(crop.LocalCount)}; // [MultiCrop] {Literal(crop.LocalSize)} px");
            }

            w.Line($"public const int AccumulationSteps = {Literal(training.AccumulationSteps)};")
             .Line($"public const int LogEverySteps = {Literal(training.LogEverySteps)};")
             .Line($"public const double BaseLearningRate = {Literal(plan.Spec.Optimizer.LearningRate)};")
             .Line($"public const int DefaultSeed = {Literal(training.Seed)};")
             .Line();
        }

        /// <summary>The [FineTune] settings beyond the positional five, as an object initialiser of those that differ from their defaults.</summary>
        private static string FineTuneExtras(FineTuneSpec fineTune)
        {
            var set = new System.Collections.Generic.List<string>();
            if (fineTune.LayerDecay != SslDefaults.FineTuneLayerDecay)
            {
                set.Add($"LayerDecay = {Literal(fineTune.LayerDecay)}");
            }

            if (fineTune.WarmupEpochs != SslDefaults.FineTuneWarmupEpochs)
            {
                set.Add($"WarmupEpochs = {Literal(fineTune.WarmupEpochs)}");
            }

            if (fineTune.LabelSmoothing != SslDefaults.FineTuneLabelSmoothing)
            {
                set.Add($"LabelSmoothing = {Literal(fineTune.LabelSmoothing)}");
            }

            return set.Count == 0 ? "" : " { " + string.Join(", ", set) + " }";
        }

        /// <summary>The constants the runtime loop reads, as one object passed to the base constructor.</summary>
        private static void EmitSettings(CodeWriter w, TrainerPlan plan)
        {
            string input = plan.Kind switch
            {
                InputKind.Image => "InputShape.Image(InputChannels, InputHeight, InputWidth)",
                InputKind.Sequence => plan.EncoderLength != plan.Length ? "InputShape.Sequence(InputChannels, InputLength, EncoderLength)" : "InputShape.Sequence(InputChannels, InputLength)",
                _ => "InputShape.Tokens(VocabSize, InputLength)",
            };
            const string Training = "global::SslDsl.Training.";
            w.Line("/// <summary>The constants of this experiment as the runtime loop reads them.</summary>");
            w.Block($"public static readonly {Training}TrainerSettings ExperimentSettings = new()", () =>
            {
                w.Line("Experiment = ExperimentName,")
                 .Line($"Input = {Training}{input},")
                 .Line("BatchSize = BatchSize,")
                 .Line("Epochs = Epochs,")
                 .Line("AccumulationSteps = AccumulationSteps,")
                 .Line("LogEverySteps = LogEverySteps,")
                 .Line("LearningRate = BaseLearningRate,")
                 .Line($"RankReduction = global::SslDsl.Distributed.RankReduction.{plan.Spec.Objective.RankReduction}, // how the loss combines across data-parallel ranks");
                if (plan.Spec.Training.Precision != Precision.Float32)
                {
                    w.Line($"Precision = {Runtime}.Precision.{plan.Spec.Training.Precision},");
                }
                if (plan.Spec.Schedule is { } schedule)
                {
                    string steps = schedule.WarmupSteps > 0 ? $", WarmupSteps: {Literal(schedule.WarmupSteps)}" : ""; // 0 (warm-up in epochs) is the default
                    w.Line($"WarmupCosine = new {Training}WarmupCosinePlan({Literal(schedule.WarmupEpochs)}, {Literal(schedule.FinalLearningRate)}{steps}),");
                }

                LinearProbeSpec probe = plan.Spec.LinearProbe;
                KnnMonitorSpec knn = plan.Spec.KnnMonitor ?? KnnMonitorSpec.Unwritten;
                FineTuneSpec fineTune = plan.Spec.FineTune;
                string every = plan.Spec.KnnMonitor is null ? "null" : Literal(knn.EveryEpochs); // on demand only unless declared
                string target = knn.Target > 0 ? ", " + Literal(knn.Target) : "";
                // Settings left at their defaults are not written (the runtime records default them the same way).
                string sweep = probe.WeightDecaySweep ? " { WeightDecaySweep = true }" : "";
                w.Line($"LinearProbe = new {Training}LinearProbeSettings({Literal(probe.Iterations)}, {Literal(probe.WeightDecay)}){sweep},")
                 .Line($"Knn = new {Training}KnnSettings({Literal(knn.K)}, {Literal(knn.Temperature)}, {every}{target}),")
                 .Line($"FineTune = new global::SslDsl.Evaluation.FineTuneOptions({Literal(fineTune.LearningRate)}, {Literal(fineTune.HeadLearningRateMultiplier)}, {Literal(fineTune.BackboneLearningRateMultiplier)}, {Literal(fineTune.Epochs)}, {Literal(fineTune.Patience)}){FineTuneExtras(fineTune)},");
                w.Line($"Health = new {Training}HealthSettings({Literal(plan.Spec.HealthMonitor.EverySteps)}, {Literal(plan.Spec.HealthMonitor.Samples)}),");
                if (plan.Spec.OnlineProbe is { } online)
                {
                    w.Line($"OnlineProbe = new {Training}OnlineProbeSettings({Literal(online.LearningRate)}, {Literal(online.WeightDecay)}),");
                }

                w.Line("Configuration = // the attributes as written, for run reports");
                string[] attributes = plan.Spec.Configuration.Split('\n');
                for (int i = 0; i < attributes.Length; i++)
                {
                    bool last = i == attributes.Length - 1;
                    w.Line("    " + StringLiteral(last ? attributes[i] : attributes[i] + "\n") + (last ? "," : " +"));
                }

                if (plan.Spec.DataParallel is { } parallel)
                {
                    w.Line($"DataParallel = new {Training}DataParallelSettings({Literal(parallel.TimeoutSeconds)}, SyncBatchNorm: {(parallel.SyncBatchNorm ? "true" : "false")}),");
                }

                if (plan.Spec.Checkpoint is { } c)
                {
                    w.Line($"Checkpoints = new {Training}CheckpointPolicy({Literal(c.EveryEpochs)}, {Literal(c.EverySteps)}, {StringLiteral(c.Directory)}, {Literal(c.Keep)}),");
                }
            }, "};");
            w.Line();
        }
    }
}
