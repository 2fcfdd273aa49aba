using SslDsl.Data;
using SslDsl.Samples;
using static TorchSharp.torch;

namespace EcgSample;

/// <summary>
/// The signal split in time: the first <see cref="TrainFraction"/> of the samples are the training part (pretraining,
/// the standardisation statistics, the heartbeat period), the rest the test part; no window crosses the cut. Windows are
/// <c>[N, 1, <see cref="EcgWindow.Length"/>]</c>, standardised with the training part's mean and deviation.
/// </summary>
internal sealed class EcgData : IDisposable
{
    public const double TrainFraction = 0.7;

    /// <summary>
    /// The shortest heartbeat period searched (200 beats per minute); the longest is the forecasting context
    /// (<see cref="EcgWindow.Context"/>, 0.89 s, 67 beats per minute), so that the seasonal naive forecast has a whole
    /// beat to repeat.
    /// </summary>
    public const double FastestBeatSeconds = 0.3;

    private EcgData(string file, int samples, int trainSamples, double mean, double std, int period, Tensor train, Tensor test)
    {
        File = file;
        Samples = samples;
        TrainSamples = trainSamples;
        MeanMillivolts = mean;
        StdMillivolts = std;
        HeartbeatPeriod = period;
        Train = train.DetachFromDisposeScope();
        Test = test.DetachFromDisposeScope();
    }

    public string File { get; }

    public int Samples { get; }

    public int TrainSamples { get; }

    public int TestSamples => Samples - TrainSamples;

    public double MeanMillivolts { get; }

    public double StdMillivolts { get; }

    /// <summary>Samples per heartbeat, estimated on the training part (<see cref="EstimatePeriod"/>).</summary>
    public int HeartbeatPeriod { get; }

    /// <summary>Training windows, every <c>pretrainStride</c> samples.</summary>
    public Tensor Train { get; }

    /// <summary>Test windows, every <c>evalStride</c> samples.</summary>
    public Tensor Test { get; }

    /// <summary>Reads ecg.dat from <paramref name="folder"/> and cuts it.</summary>
    /// <exception cref="InvalidOperationException">The file is missing (the message names it and the fetch script), or too short for a window on each side of the cut.</exception>
    public static EcgData Load(string folder, int pretrainStride, int evalStride)
    {
        float[] signal = SampleDataSet.Ecg.Load(folder, Electrocardiogram.Load);
        string file = Path.Combine(folder, Electrocardiogram.FileName);
        int cut = (int)(TrainFraction * signal.Length);
        if (cut < EcgWindow.Length || signal.Length - cut < EcgWindow.Length)
        {
            throw new InvalidOperationException(
                $"ECG file '{file}': {signal.Length} samples leave {cut} for training and {signal.Length - cut} for testing; each part needs at least one window of {EcgWindow.Length}.");
        }

        ReadOnlySpan<float> train = signal.AsSpan(0, cut);
        double mean = 0;
        foreach (float v in train)
        {
            mean += v;
        }

        mean /= cut;
        double variance = 0;
        foreach (float v in train)
        {
            variance += (v - mean) * (v - mean);
        }

        double std = Math.Sqrt(variance / cut);
        if (!(std > 1e-9))
        {
            throw new InvalidOperationException($"ECG file '{file}': the training part is constant ({mean:0.###} mV); nothing to learn.");
        }

        int period = EstimatePeriod(train, (int)(FastestBeatSeconds * Electrocardiogram.SampleRate), EcgWindow.Context);
        using var scope = NewDisposeScope();
        Tensor standardised = tensor(signal).sub(mean).div(std);
        return new EcgData(file, signal.Length, cut, mean, std, period,
            Windows(standardised.narrow(0, 0, cut), pretrainStride), Windows(standardised.narrow(0, cut, signal.Length - cut), evalStride));
    }

    /// <summary>
    /// The heartbeat period: the lag in [<paramref name="shortest"/>, <paramref name="longest"/>] samples with the largest
    /// autocorrelation of the first difference. The difference removes the baseline wander, whose slow swings
    /// otherwise dominate the raw signal's autocorrelation (on this recording its largest value in that range is at
    /// 114 samples, 190 beats per minute: not a heartbeat); the sharp QRS slopes then decide. The biased estimate (sums
    /// over the n − lag products, all divided by the same n) prefers one period to its multiples on a regular rhythm.
    /// </summary>
    public static int EstimatePeriod(ReadOnlySpan<float> signal, int shortest, int longest)
    {
        int n = signal.Length - 1;
        if (n <= longest)
        {
            throw new ArgumentException($"{signal.Length} samples are too few to estimate a period of up to {longest}.", nameof(signal));
        }

        var slope = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            slope[i] = signal[i + 1] - signal[i];
            mean += slope[i];
        }

        mean /= n;
        for (int i = 0; i < n; i++)
        {
            slope[i] -= mean;
        }

        int best = shortest;
        double bestScore = double.NegativeInfinity;
        for (int lag = shortest; lag <= longest; lag++)
        {
            double sum = 0;
            for (int i = 0; i + lag < n; i++)
            {
                sum += slope[i] * slope[i + lag];
            }

            if (sum > bestScore)
            {
                bestScore = sum;
                best = lag;
            }
        }

        return best;
    }

    /// <summary>Each window minus its last context sample: what the forecasters see and predict (the change since then).</summary>
    public static Tensor LevelReferenced(Tensor windows)
    {
        using var scope = NewDisposeScope();
        return windows.sub(windows.narrow(2, EcgWindow.Context - 1, 1)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    private static Tensor Windows(Tensor series, int stride) => series.unfold(0, EcgWindow.Length, stride).unsqueeze(1).contiguous();
}
