namespace SslDsl.Benchmarks;

/// <summary>
/// One side of a comparison case (generated fp32, hand-written, PyTorch bf16, …): an untimed warm-up step that
/// returns the loss it computed, and a round of timed steps that it records into <see cref="Series"/>.
/// </summary>
public sealed class Contender : IDisposable
{
    private readonly Func<double> warmUp;
    private readonly Action<int, Series> round;
    private readonly IDisposable? owned;

    /// <param name="key">Column name (generated, generated_bf16, handwritten, handwritten_channels_last, pytorch, pytorch_bf16).</param>
    /// <param name="warmUp">The first, untimed step; returns the loss it computed (NaN where unknown).</param>
    /// <param name="round">Runs the given number of timed steps into the series.</param>
    public Contender(string key, string label, Func<double> warmUp, Action<int, Series> round, IDisposable? owned = null)
    {
        Key = key;
        this.warmUp = warmUp;
        this.round = round;
        this.owned = owned;
        Series = new Series(label);
    }

    public string Key { get; }

    public Series Series { get; }

    /// <summary>Loss of the warm-up step: the same weights and batch on every side, so the fp32 ones must agree.</summary>
    public double FirstLoss { get; private set; } = double.NaN;

    public double WarmupSeconds { get; private set; } = double.NaN;

    public void WarmUp()
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        FirstLoss = warmUp();
        WarmupSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public void Round(int steps) => round(steps, Series);

    public void Dispose() => owned?.Dispose();
}
