using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>Small learnable sequence data sets for the sensor and text experiments.</summary>
internal static class SequenceData
{
    /// <summary>
    /// Sine windows <c>[N, C, T]</c>: per sample a frequency of 1–4 cycles per window (the label), a random phase per
    /// channel, plus noise σ = 0.05. The future of a window follows from its past.
    /// </summary>
    public static (Tensor Windows, Tensor Labels) Waves(int count, int channels, int length, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        Tensor labels = randint(0, 4, count, generator: generator);
        Tensor frequency = labels.to_type(ScalarType.Float32).add(1).view(count, 1, 1);
        Tensor phase = rand(count, channels, 1, generator: generator).mul_(2 * Math.PI);
        Tensor time = arange(length, dtype: ScalarType.Float32).div(length).view(1, 1, length);
        Tensor windows = sin(frequency.mul(time).mul(2 * Math.PI).add(phase)).add(randn(count, channels, length, generator: generator).mul_(0.05));
        return (windows.contiguous().MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Token sequences <c>[N, T]</c> int64 over ordinary ids 4..vocab-1 (0–3 are special): from a random start, each
    /// token is the previous one plus a step of 1–3 (the label), wrapping around.
    /// </summary>
    public static (Tensor Tokens, Tensor Labels) Tokens(int count, int length, int vocab, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        int ordinary = vocab - 4;
        Tensor labels = randint(0, 3, count, generator: generator);
        Tensor start = randint(0, ordinary, new long[] { count, 1 }, generator: generator);
        Tensor positions = arange(length, dtype: ScalarType.Int64).view(1, length);
        Tensor tokens = start.add(positions.mul(labels.add(1).view(count, 1))).remainder(ordinary).add(4);
        return (tokens.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
