using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.HyperparameterRangeAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    /// <summary>SSL0006 on [Checkpoint]: when to save (by epoch, by optimizer step, not never), how many to keep, where.</summary>
    public class CheckpointRangeTests
    {
        private const string Training = "[Training(BatchSize = 256, Epochs = 100)]";

        private static string WithCheckpoint(string checkpoint) => Sources.Valid(Training, Training + "\n" + checkpoint);

        [Theory]
        [InlineData("[Checkpoint({|#0:EveryEpochs = -1|})]", "[Checkpoint] EveryEpochs = -1 is out of range: EveryEpochs must be >= 0 (0 = not by epoch)")]
        [InlineData("[Checkpoint({|#0:EverySteps = -5|})]", "[Checkpoint] EverySteps = -5 is out of range: EverySteps must be >= 0 (0 = not by optimizer step)")]
        [InlineData("[Checkpoint({|#0:Keep = 0|})]", "[Checkpoint] Keep = 0 is out of range: Keep must be >= 1")]
        [InlineData("[Checkpoint({|#0:EveryEpochs = 0|})]", "[Checkpoint] EveryEpochs = 0 and EverySteps = 0 never save a checkpoint: set EveryEpochs or EverySteps >= 1")]
        [InlineData("[Checkpoint({|#0:EveryEpochs = 0|}, EverySteps = 0)]", "[Checkpoint] EveryEpochs = 0 and EverySteps = 0 never save a checkpoint: set EveryEpochs or EverySteps >= 1")]
        [InlineData("[Checkpoint({|#0:Directory = \"\"|})]", "[Checkpoint] Directory = \"\" is out of range: Directory must name a folder (not empty or white space)")]
        [InlineData("[Checkpoint({|#0:Directory = \"  \"|})]", "[Checkpoint] Directory = \"  \" is out of range: Directory must name a folder (not empty or white space)")]
        [InlineData("[Checkpoint({|#0:Directory = null|})]", "[Checkpoint] Directory = null is out of range: Directory must name a folder (not empty or white space)")]
        [InlineData("[Checkpoint({|#0:Directory = \"runs|old\"|})]", "[Checkpoint] Directory = \"runs|old\" is out of range: Directory must not contain '|': it is not allowed in paths on Windows")]
        [InlineData("[Checkpoint({|#0:Directory = \"runs\\u0001\"|})]", "[Checkpoint] Directory = \"runs\u0001\" is out of range: Directory must not contain U+0001: it is not allowed in paths on Windows")]
        public Task Checkpoint_value_out_of_range_is_reported_at_its_argument(string checkpoint, string message) =>
            Verify.VerifyAsync(
                WithCheckpoint(checkpoint),
                new DiagnosticResult(DiagnosticDescriptors.OutOfRange).WithLocation(0).WithMessage(message));

        [Theory]
        [InlineData("[Checkpoint]")]
        [InlineData("[Checkpoint(EveryEpochs = 0, EverySteps = 500)]")]
        [InlineData("[Checkpoint(EveryEpochs = 5, EverySteps = 0, Keep = 1)]")]
        [InlineData("[Checkpoint(Directory = \"runs/simclr\")]")]
        [InlineData("[Checkpoint(Directory = @\"C:\\runs\\simclr\")]")]
        public Task Checkpoint_values_in_range_are_not_reported(string checkpoint) =>
            Verify.VerifyAsync(WithCheckpoint(checkpoint));
    }
}
