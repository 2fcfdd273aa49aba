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
