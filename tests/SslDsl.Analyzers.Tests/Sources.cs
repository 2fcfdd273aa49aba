using Xunit;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>Test sources: a complete experiment that every rule accepts, and ways to break one thing in it.</summary>
    internal static class Sources
    {
        /// <summary>ImageInput + ConvNet + Projector + Views(2) + RandomResizedCrop + SimClr + Lars + WarmupCosine + Training.</summary>
        public const string ValidExperiment = """
            using SslDsl;

            [SslExperiment]
            [ImageInput(Channels = 1, Height = 28, Width = 28)]
            [ConvNet]
            [Projector(Hidden = 256, Output = 64)]
            [Views(2)]
            [RandomResizedCrop(Size = 28, MinScale = 0.2)]
            [SimClr(Temperature = 0.5)]
            [Lars(LearningRate = 0.3, WeightDecay = 1e-6)]
            [WarmupCosine(WarmupEpochs = 10)]
            [Training(BatchSize = 256, Epochs = 100)]
            public partial class Exp
            {
            }

            """;

        /// <summary>
        /// Stand-ins for attribute families that have only one member in SslDsl today, so that "more than one" can be
        /// written without a compiler error (the real attributes forbid repeating themselves). The model recognises an
        /// SslDsl attribute by its namespace and base class, so these count as a second input and a second objective.
        /// </summary>
        public const string StandIns = """

            namespace SslDsl
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class TestOnlyInputAttribute : InputAttribute { }

                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class TestOnlyObjectiveAttribute : MultiViewObjectiveAttribute { }
            }

            """;

        /// <summary>Sensor windows: SequenceInput + TemporalConvNet + Projector + Jitter + SimClr.</summary>
        public const string ValidSequenceExperiment = """
            using SslDsl;

            [SslExperiment]
            [SequenceInput(Channels = 3, Length = 32)]
            [TemporalConvNet(Widths = new[] { 16, 16 })]
            [Projector(Hidden = 64, Output = 32)]
            [Jitter]
            [SimClr(Temperature = 0.5)]
            [AdamW(LearningRate = 1e-3)]
            [Training(BatchSize = 256, Epochs = 10)]
            public partial class Exp
            {
            }

            """;

        /// <summary>Sensor windows, single view: SequenceInput + TemporalConvNet + FutureWindowPrediction.</summary>
        public const string ValidForecastExperiment = """
            using SslDsl;

            [SslExperiment]
            [SequenceInput(Channels = 3, Length = 32)]
            [TemporalConvNet(Widths = new[] { 16, 16 })]
            [Scaling]
            [FutureWindowPrediction(Horizon = 8)]
            [AdamW(LearningRate = 1e-3)]
            [Training(BatchSize = 64, Epochs = 10)]
            public partial class Exp
            {
            }

            """;

        /// <summary>Text: TokenInput + TransformerEncoder + TokenDropout + MaskedLanguageModel.</summary>
        public const string ValidTokenExperiment = """
            using SslDsl;

            [SslExperiment]
            [TokenInput(VocabSize = 1000, Length = 64)]
            [TransformerEncoder(Dim = 64, Depth = 2, Heads = 4)]
            [TokenDropout]
            [MaskedLanguageModel(MaskProbability = 0.15)]
            [AdamW(LearningRate = 1e-3)]
            [Training(BatchSize = 64, Epochs = 10)]
            public partial class Exp
            {
            }

            """;

        /// <summary>Masked autoencoder: ImageInput 32x32 + VisionTransformer (patch 4) + HorizontalFlip + MaskedAutoencoder.</summary>
        public const string ValidMaeExperiment = """
            using SslDsl;

            [SslExperiment]
            [ImageInput(Channels = 3, Height = 32, Width = 32)]
            [VisionTransformer(PatchSize = 4, Dim = 64, Depth = 2, Heads = 4)]
            [HorizontalFlip]
            [MaskedAutoencoder(MaskRatio = 0.75, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 4)]
            [AdamW(LearningRate = 1e-3)]
            [Training(BatchSize = 64, Epochs = 10)]
            public partial class Exp
            {
            }

            """;

        /// <summary><paramref name="source"/> with one piece of text replaced (which must be there).</summary>
        public static string Edit(string source, string replace, string with)
        {
            Assert.Contains(replace, source);
            return source.Replace(replace, with);
        }

        /// <summary><see cref="ValidExperiment"/> with one piece of text replaced (which must be there).</summary>
        public static string Valid(string replace, string with)
        {
            Assert.Contains(replace, ValidExperiment);
            return ValidExperiment.Replace(replace, with);
        }

        /// <summary><see cref="ValidExperiment"/> without one line.</summary>
        public static string ValidWithout(string line) => Valid(line + "\n", string.Empty);
    }
}
