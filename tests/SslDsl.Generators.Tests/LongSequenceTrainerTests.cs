using SslDsl.Encoders;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>[TransformerEncoder(AttentionWindow, GlobalTokens)] from the attribute to a generated trainer that trains on 1,024 tokens.</summary>
public class LongSequenceTrainerTests
{
    private const string Experiment = """
        using SslDsl;
        namespace Demo;
        [SslExperiment]
        [TokenInput(VocabSize = 40, Length = 1024)]
        [TransformerEncoder(Dim = 32, Depth = 2, Heads = 2, AttentionWindow = 64, GlobalTokens = 1)]
        [MaskedLanguageModel]
        [AdamW]
        [Training(BatchSize = 4)]
        public partial class LongText { }
        """;

    [Fact]
    public void TheWindowIsWrittenIntoTheEncoderConstruction()
    {
        string text = GeneratorHarness.GeneratedSource(Experiment);

        Assert.Contains("TransformerSequenceEncoder.ForTokens(40, 1024, dim: 32, depth: 2, heads: 2, attentionWindow: 64, globalTokens: 1)", text);
        Assert.Contains("[TransformerEncoder] tokens, width 32, 2 blocks, 2 heads, Longformer attention window 64 (±32), 1 global token", text);
    }

    [Fact]
    public void FullAttentionIsWrittenAsBeforeWithoutTheWindowArguments()
    {
        string text = GeneratorHarness.GeneratedSource(Experiment.Replace(", AttentionWindow = 64, GlobalTokens = 1", ""));

        Assert.Contains("TransformerSequenceEncoder.ForTokens(40, 1024, dim: 32, depth: 2, heads: 2)", text);
        Assert.DoesNotContain("attentionWindow", text);
    }

    [Fact]
    public void TheGeneratedTrainerBuildsEveryBlockWithTheWindow()
    {
        using var trainer = LongWindowMlm.CreateTrainer();

        Assert.Equal(64, trainer.Encoder.AttentionWindow);
        Assert.Equal(1, trainer.Encoder.GlobalTokens);
        TransformerBlock[] blocks = trainer.Encoder.modules().OfType<TransformerBlock>().ToArray();
        Assert.Equal(2, blocks.Length);
        Assert.All(blocks, b => Assert.Equal((64, 1), (b.SlidingWindow!.Window, b.SlidingWindow.GlobalTokens)));
    }

    [Fact]
    public void TrainsOnSequencesOfAThousandTokens()
    {
        (Tensor tokens, Tensor labels) = SequenceData.Tokens(8, 1024, 40, seed: 41);
        using var trainer = LongWindowMlm.CreateTrainer();
        Tensor before = trainer.Encoder.get_parameter("blocks.0.qkv.weight")!.detach().clone();

        PretrainReport report = trainer.Fit(tokens, epochs: 2);

        Assert.Equal(2 * (8 / 4), report.Steps);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.Loss), $"loss {e.Loss}"));
        Assert.True(trainer.Encoder.get_parameter("blocks.0.qkv.weight")!.sub(before).abs().max().item<float>() > 0, "the attention weights did not move");
        using Tensor embeddings = trainer.Embed(tokens);
        Assert.Equal(new long[] { 8, 32 }, embeddings.shape);
        Assert.True(embeddings.isfinite().all().item<bool>());
        before.Dispose();
        tokens.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void AStepLeaksNoTensors()
    {
        (Tensor tokens, Tensor labels) = SequenceData.Tokens(4, 1024, 40, seed: 42);
        using var trainer = LongWindowMlm.CreateTrainer();
        using Tensor batch = InputTensors.ToDevice(tokens, CPU);
        trainer.Step(batch);
        trainer.Step(batch); // optimizer state is created on the first steps
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        trainer.Step(batch);
        trainer.Step(batch);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        tokens.Dispose();
        labels.Dispose();
    }
}
