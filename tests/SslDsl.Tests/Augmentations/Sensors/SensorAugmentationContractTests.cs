using System;
using System.Linq;
using SslDsl.Augmentations;
using TorchSharp;
using static TorchSharp.torch;
using static SslDsl.Tests.Augmentations.AugmentationTestSupport;
using static SslDsl.Tests.Augmentations.Sensors.SensorTestSupport;

namespace SslDsl.Tests.Augmentations.Sensors;

/// <summary>
/// The shared contract of the sensor augmentations on [B, C, T] batches: shape, dtype, scopes, seeded determinism,
/// p = 0 identity, the fraction of changed samples, input and argument checks.
/// </summary>
public class SensorAugmentationContractTests
{
    private const int Length = 32;

    public static TheoryData<string> Ops => new()
    {
        "Jitter", "Scaling", "MagnitudeWarp", "TimeWarp", "ChannelDropout", "TimeMask", "WindowCrop", "WindowCropNoResize",
    };

    /// <summary>Each op with a strength at which a selected sample of N(0, 1) data always changes.</summary>
    private static Func<Tensor, torch.Generator, Tensor> Make(string op, double p) => op switch
    {
        "Jitter" => new Jitter(0.03, p).Apply,
        "Scaling" => new Scaling(0.1, p).Apply,
        "MagnitudeWarp" => new MagnitudeWarp(0.2, 4, p).Apply,
        "TimeWarp" => new TimeWarp(0.2, 4, p).Apply,
        "ChannelDropout" => new ChannelDropout(1.0, p).Apply,
        "TimeMask" => new TimeMask(0.2, p).Apply,
        "WindowCrop" => new WindowCrop(Length, 24, true, p).Apply,
        "WindowCropNoResize" => new WindowCrop(Length, 24, false, p).Apply,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static long OutputLength(string op) => op == "WindowCropNoResize" ? 24 : Length;

    [Theory]
    [MemberData(nameof(Ops))]
    public void KeepsShapeAndDtypeAndJoinsTheCallersScopeOnly(string op)
    {
        foreach (var probability in new[] { 0.0, 0.5, 1.0 })
        {
            var apply = Make(op, probability);
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                using var x = RandomSeries(5, 3, Length, dtype: dtype);
                using var generator = new torch.Generator(3);
                using var output = apply(x, generator);
                Assert.Equal(new[] { 5L, 3L, OutputLength(op) }, output.shape);
                Assert.Equal(dtype, output.dtype);
                Assert.False(output.isnan().any().item<bool>());
            }

            using var input = RandomSeries(4, 2, Length);
            using var g = new torch.Generator(4);
            var statistics = DisposeScopeManager.Statistics;
            var before = statistics.ThreadTotalLiveCount;
            using (var scope = torch.NewDisposeScope())
            {
                var inside = apply(input, g);
                Assert.Equal(before + 1, statistics.ThreadTotalLiveCount);
                Assert.False(inside.IsInvalid);
            }

            Assert.Equal(before, statistics.ThreadTotalLiveCount);
        }
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void SameSeedGivesTheSameOutputAndAnotherSeedAnother(string op)
    {
        var apply = Make(op, 0.5);
        using var x = RandomSeries(16, 3, Length);
        using var g1 = new torch.Generator(7);
        using var g2 = new torch.Generator(7);
        using var g3 = new torch.Generator(8);
        using var first = apply(x, g1);
        using var again = apply(x, g2);
        using var other = apply(x, g3);
        Assert.True(Identical(first, again));
        Assert.False(Identical(first, other));
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void ProbabilityZeroIsTheIdentity(string op)
    {
        using var x = RandomSeries(8, 3, Length);
        using var generator = new torch.Generator(5);
        using var output = Make(op, 0.0)(x, generator);
        if (op == "WindowCropNoResize")
        {
            // Documented: without resizing every sample gets the centred window, start (32 - 24) / 2 = 4.
            using var centred = x.narrow(2, 4, 24);
            Assert.True(Identical(centred.contiguous(), output));
        }
        else
        {
            Assert.True(Identical(x, output));
        }
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void FractionOfChangedSamplesMatchesTheProbability(string op)
    {
        const int batch = 2000;
        const double p = 0.3;
        using var x = RandomSeries(batch, 3, Length).add_(5.0); // no zeros, so a mask always changes something
        using var generator = new torch.Generator(11);
        using var output = Make(op, p)(x, generator);
        bool[] changed;
        if (op == "WindowCropNoResize")
        {
            // An unselected sample gets the centred window; a selected one its random window (centred with chance 1/9).
            using var centred = x.narrow(2, 4, 24);
            changed = ChangedSamples(centred, output);
            AssertBinomial(changed.Count(c => c), batch, p * 8.0 / 9.0, $"{op} samples not centred");
            return;
        }

        // Every selected sample changes: noise, factors and curves are continuous, masks hit non-zero values, and a
        // 24-step window stretched to 32 steps differs from x even at start 0.
        changed = ChangedSamples(x, output);
        AssertBinomial(changed.Count(c => c), batch, p, $"{op} changed samples");
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void TwoSamplesGetDifferentRandomParameters(string op)
    {
        // The same series in every sample: any difference between output samples comes from per-sample draws.
        using var one = RandomSeries(1, 3, Length).add_(5.0);
        using var x = one.expand(6, 3, Length).contiguous();
        using var generator = new torch.Generator(13);
        using var output = Make(op, 1.0)(x, generator);
        var outputLength = (int)OutputLength(op);
        var values = ToDoubles(output);
        var distinct = Enumerable.Range(0, 6)
            .Select(b => string.Join(",", values.Skip(b * 3 * outputLength).Take(3 * outputLength).Select(v => v.ToString("R"))))
            .Distinct().Count();
        // ChannelDropout at rate 1 zeroes everything; the others draw continuous or 9-valued parameters.
        Assert.True(op == "ChannelDropout" ? distinct == 1 : distinct >= 4, $"{op}: {distinct} distinct samples of 6");
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void RejectsABatchThatIsNotThreeDimensionalOrNotFloatingPoint(string op)
    {
        using var generator = new torch.Generator(3);
        using var twoD = torch.rand(3, Length);
        var shape = Assert.Throws<ArgumentException>(() => Make(op, 0.5)(twoD, generator));
        Assert.Contains("[B, C, T]", shape.Message);
        Assert.Contains("2 dimensions", shape.Message);
        using var integers = torch.zeros(new long[] { 2, 1, Length }, dtype: ScalarType.Int32);
        var dtype = Assert.Throws<ArgumentException>(() => Make(op, 0.5)(integers, generator));
        Assert.Contains("floating-point", dtype.Message);
        using var x = RandomSeries(2, 1, Length);
        Assert.Throws<ArgumentNullException>(() => Make(op, 0.5)(x, null!));
    }

    [Fact]
    public void ConstructorsRejectOutOfRangeArgumentsByName()
    {
        AssertOutOfRange("std", -0.1, () => new Jitter(-0.1, 1.0));
        AssertOutOfRange("std", double.NaN, () => new Jitter(double.NaN, 1.0));
        AssertOutOfRange("probability", 1.5, () => new Jitter(0.1, 1.5));
        AssertOutOfRange("std", -1.0, () => new Scaling(-1.0, 1.0));
        AssertOutOfRange("probability", -0.5, () => new Scaling(0.1, -0.5));
        AssertOutOfRange("std", double.PositiveInfinity, () => new MagnitudeWarp(double.PositiveInfinity, 4, 1.0));
        AssertOutOfRange("knots", -1, () => new MagnitudeWarp(0.2, -1, 1.0));
        AssertOutOfRange("probability", 2.0, () => new MagnitudeWarp(0.2, 4, 2.0));
        AssertOutOfRange("std", -0.2, () => new TimeWarp(-0.2, 4, 1.0));
        AssertOutOfRange("knots", -3, () => new TimeWarp(0.2, -3, 1.0));
        AssertOutOfRange("probability", double.NaN, () => new TimeWarp(0.2, 4, double.NaN));
        AssertOutOfRange("rate", 1.2, () => new ChannelDropout(1.2, 1.0));
        AssertOutOfRange("rate", -0.1, () => new ChannelDropout(-0.1, 1.0));
        AssertOutOfRange("probability", 1.1, () => new ChannelDropout(0.2, 1.1));
        AssertOutOfRange("maxFraction", 1.5, () => new TimeMask(1.5, 1.0));
        AssertOutOfRange("maxFraction", -0.5, () => new TimeMask(-0.5, 1.0));
        AssertOutOfRange("inputLength", 0, () => new WindowCrop(0, 1, true, 1.0));
        AssertOutOfRange("length", 0, () => new WindowCrop(32, 0, true, 1.0));
        AssertOutOfRange("length", 33, () => new WindowCrop(32, 33, false, 1.0));
        AssertOutOfRange("probability", -1.0, () => new WindowCrop(32, 16, false, -1.0));
    }

    [Fact]
    public void PropertiesKeepTheConstructorArguments()
    {
        var warp = new TimeWarp(0.25, 3, 0.5);
        Assert.Equal((0.25, 3, 0.5), (warp.Std, warp.Knots, warp.Probability));
        var magnitude = new MagnitudeWarp(0.3, 5, 0.7);
        Assert.Equal((0.3, 5, 0.7), (magnitude.Std, magnitude.Knots, magnitude.Probability));
        var crop = new WindowCrop(100, 80, false, 0.9);
        Assert.Equal((100, 80, false, 0.9, 80), (crop.InputLength, crop.Length, crop.ResizeBack, crop.Probability, crop.OutputLength));
        Assert.Equal(10, crop.CentreStart);
    }

    internal static void AssertOutOfRange(string parameter, object value, Func<object> create)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message);
        Assert.Contains(Convert.ToString(value, System.Globalization.CultureInfo.CurrentCulture)!, e.Message);
    }
}
