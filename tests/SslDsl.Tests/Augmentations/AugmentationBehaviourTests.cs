using System;
using System.Diagnostics;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using Xunit.Abstractions;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Augmentations;

/// <summary>Properties every augmentation shares: per-sample probability, seeding, no leaked tensors.</summary>
public class AugmentationBehaviourTests
{
    private readonly ITestOutputHelper output;

    public AugmentationBehaviourTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string> Ops => new() { "crop", "flip", "jitter", "gray" };

    /// <summary>An op with the given probability; each one changes every sample it selects (8 x 8 RGB inputs).</summary>
    private static Func<Tensor, torch.Generator, Tensor> Make(string op, double probability) => op switch
    {
        // Area at most half the image: a selected sample can never come back unchanged.
        "crop" => new RandomResizedCrop(8, 8, 0.1, 0.5, 3.0 / 4.0, 4.0 / 3.0, probability).Apply,
        "flip" => new HorizontalFlip(probability).Apply,
        "jitter" => new ColorJitter(0.4, 0.4, 0.4, 0.1, probability).Apply,
        "gray" => new Grayscale(probability).Apply,
        _ => throw new ArgumentException(op),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void ProbabilityZeroIsIdentity(string op)
    {
        using var images = RandomImages(16, 3, 8, 8);
        using var generator = new torch.Generator(1);
        using var result = Make(op, 0.0)(images, generator);
        Assert.True(Identical(images, result));
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void AppliedFractionMatchesTheProbability(string op)
    {
        const int B = 4000;
        foreach (var probability in new[] { 0.3, 0.8 })
        {
            using var images = RandomImages(B, 3, 8, 8);
            using var generator = new torch.Generator(21);
            using var result = Make(op, probability)(images, generator);
            var changed = ChangedSamples(images, result).Count(c => c);
            AssertBinomial(changed, B, probability, $"{op} with p = {probability}");
        }
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void SameSeedSameOutputDifferentSeedDifferentOutput(string op)
    {
        using var images = RandomImages(32, 3, 8, 8);
        var apply = Make(op, 0.5);
        using var g1 = new torch.Generator(100);
        using var g2 = new torch.Generator(100);
        using var g3 = new torch.Generator(101);
        using var a = apply(images, g1);
        using var b = apply(images, g2);
        using var c = apply(images, g3);
        Assert.True(Identical(a, b), "same seed, different output");
        Assert.False(Identical(a, c), "different seed, same output");

        // The generator advances: a second call with the same generator draws new parameters.
        using var again = apply(images, g1);
        Assert.False(Identical(a, again), "the generator did not advance");
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void LeavesNoTensorAliveBeyondItsResult(string op)
    {
        foreach (var probability in new[] { 0.0, 0.5, 1.0 })
        {
            var apply = Make(op, probability);
            using var images = RandomImages(8, 3, 8, 8);
            using var generator = new torch.Generator(3);
            using (apply(images, generator)) { } // warm-up: first-call allocations are not the op's

            var statistics = DisposeScopeManager.Statistics;
            var before = statistics.ThreadTotalLiveCount;
            var result = apply(images, generator);
            Assert.Equal(before + 1, statistics.ThreadTotalLiveCount);
            result.Dispose();
            Assert.Equal(before, statistics.ThreadTotalLiveCount);

            // Inside a caller's scope the result joins that scope, and nothing else does.
            using (var scope = torch.NewDisposeScope())
            {
                var inside = apply(images, generator);
                Assert.Equal(before + 1, statistics.ThreadTotalLiveCount);
                Assert.False(inside.IsInvalid);
            }

            Assert.Equal(before, statistics.ThreadTotalLiveCount);
        }
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void RejectsABatchThatIsNotFourDimensional(string op)
    {
        using var images = torch.rand(3, 8, 8);
        using var generator = new torch.Generator(3);
        Assert.Throws<ArgumentException>(() => Make(op, 0.5)(images, generator));
    }

    /// <summary>Not an assertion: the SimCLR pipeline's cost on this machine, printed to the test output.</summary>
    [Fact]
    public void SimClrPipelineTiming()
    {
        var crop = new RandomResizedCrop(32, 32, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
        var flip = new HorizontalFlip(0.5);
        var jitter = new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.8);
        var gray = new Grayscale(0.2);
        using var images = RandomImages(2 * 256, 3, 32, 32);
        using var generator = new torch.Generator(0);

        Tensor Pipeline()
        {
            using var scope = torch.NewDisposeScope();
            var x = crop.Apply(images, generator);
            x = flip.Apply(x, generator);
            x = jitter.Apply(x, generator);
            x = gray.Apply(x, generator);
            return x.MoveToOuterDisposeScope();
        }

        for (var i = 0; i < 2; i++) Pipeline().Dispose();
        var stages = new (string Name, Func<Tensor, torch.Generator, Tensor> Op)[]
        {
            ("crop", crop.Apply), ("flip", flip.Apply), ("jitter", jitter.Apply), ("gray", gray.Apply),
        };
        const int runs = 10;
        foreach (var (name, op) in stages)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++) op(images, generator).Dispose();
            output.WriteLine($"{name}: {sw.Elapsed.TotalMilliseconds / runs:F1} ms per 512x3x32x32 batch");
        }

        var total = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) Pipeline().Dispose();
        output.WriteLine(
            $"SimCLR pipeline (crop, flip, jitter, gray), 2 x 256 x 3 x 32 x 32, {torch.get_num_threads()} threads: " +
            $"{total.Elapsed.TotalMilliseconds / runs:F1} ms per batch");
    }
}
