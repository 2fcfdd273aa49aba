using SslDsl.Data;
using SslDsl.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace SensorMotesSample;

/// <summary>
/// The windows every task uses. Single-hop recording (9 May 2010): each mote's first half in time is the training
/// part (pretraining, probe labels, the kNN reference), the second half a test part. Multi-hop recording
/// (10 July 2010, another deployment: the motes are placed differently, motes 1, 2 outdoors and 3, 4 indoors, the
/// reverse of the single-hop ids) is a second, shifted test set, standardised with the single-hop statistics.
/// </summary>
internal sealed class MoteData : IDisposable
{
    /// <summary>The multi-hop recording's folder under the data folder (where the fetch script puts it).</summary>
    public const string MultiHopFolder = "multi-hop";

    private MoteData(SensorWindows train, SensorWindows trainSparse, SensorWindows test, SensorWindows multiHop, SensorChannelStatistics statistics,
        IReadOnlyDictionary<int, bool> singleHopIndoor, IReadOnlyDictionary<int, bool> multiHopIndoor)
    {
        Train = train;
        TrainSparse = trainSparse;
        Test = test;
        MultiHop = multiHop;
        Statistics = statistics;
        SingleHopIndoor = singleHopIndoor;
        MultiHopIndoor = multiHopIndoor;
        using var scope = NewDisposeScope();
        NormalTrain = trainSparse.Windows.index_select(0, trainSparse.Labels.eq(0).nonzero().squeeze(1)).DetachFromDisposeScope();
        Tensor normal = train.Windows.index_select(0, train.Labels.eq(0).nonzero().squeeze(1)); // [N, C, T]
        NormalMin = normal.amin(new long[] { 0, 2 }).data<float>().ToArray();
        NormalMax = normal.amax(new long[] { 0, 2 }).data<float>().ToArray();
    }

    /// <summary>Single-hop training part, every <c>pretrainStride</c> readings.</summary>
    public SensorWindows Train { get; }

    /// <summary>
    /// The same training part every <c>evalStride</c> readings: what the probes are trained on, and (its windows
    /// without an event, <see cref="NormalTrain"/>) the kNN reference and the least-squares fit. Less overlap than
    /// <see cref="Train"/> costs the probes nothing and halves their time.
    /// </summary>
    public SensorWindows TrainSparse { get; }

    /// <summary>The windows of <see cref="TrainSparse"/> without a labelled reading.</summary>
    public Tensor NormalTrain { get; }

    /// <summary>Single-hop test part (the second half of each mote's series).</summary>
    public SensorWindows Test { get; }

    /// <summary>The whole multi-hop recording.</summary>
    public SensorWindows MultiHop { get; }

    /// <summary>The single-hop training readings' mean and standard deviation per channel (humidity %, temperature °C).</summary>
    public SensorChannelStatistics Statistics { get; }

    public IReadOnlyDictionary<int, bool> SingleHopIndoor { get; }

    public IReadOnlyDictionary<int, bool> MultiHopIndoor { get; }

    /// <summary>Per channel, the smallest and largest standardised reading of the normal training windows.</summary>
    public IReadOnlyList<float> NormalMin { get; }

    public IReadOnlyList<float> NormalMax { get; }

    /// <summary>Loads both recordings from <paramref name="folder"/> (data.json or data.csv, and multi-hop/ beside them).</summary>
    /// <exception cref="InvalidOperationException">A recording is missing: the message names the file and the fetch script.</exception>
    public static MoteData Load(string folder, int pretrainStride, int evalStride)
    {
        IReadOnlyList<MoteReading> singleHop = SampleDataSet.SensorMotes.Load(folder, f => SensorMotes.ReadReadings(DataFile(f)));
        IReadOnlyList<MoteReading> multiHop = SampleDataSet.SensorMotes.Load(folder, f => SensorMotes.ReadReadings(DataFile(Path.Combine(f, MultiHopFolder))));
        var windows = new SensorWindowOptions { WindowLength = MoteWindow.Length, TrainFraction = 0.5 };
        // Two cuts of the same split: the pretraining windows overlap more (stride), the test windows less.
        SensorMotesSplit pretrain = SensorMotes.Split(singleHop, windows with { Stride = pretrainStride }, "single-hop");
        pretrain.Test.Dispose();
        SensorMotesSplit evaluation = SensorMotes.Split(singleHop, windows with { Stride = evalStride }, "single-hop");
        SensorWindows multi = SensorMotes.Windows(multiHop, pretrain.Statistics, windows with { Stride = evalStride }, "multi-hop");
        return new MoteData(pretrain.Train, evaluation.Train, evaluation.Test, multi, pretrain.Statistics, IndoorByMote(singleHop), IndoorByMote(multiHop));
    }

    /// <summary>
    /// Each channel minus its last context reading (<see cref="MoteWindow.Context"/> − 1), over the whole window: what
    /// the forecasters see and predict (the change since the last reading).
    /// </summary>
    public static Tensor LevelReferenced(Tensor windows)
    {
        using var scope = NewDisposeScope();
        return windows.sub(windows.narrow(2, MoteWindow.Context - 1, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>Whether each window of <paramref name="set"/> lies within the normal training range on every reading.</summary>
    public bool[] WithinNormalRange(SensorWindows set)
    {
        using var scope = NewDisposeScope();
        Tensor low = tensor(NormalMin.ToArray()).view(1, -1, 1);
        Tensor high = tensor(NormalMax.ToArray()).view(1, -1, 1);
        Tensor inside = set.Windows.ge(low).logical_and(set.Windows.le(high)).all(2).all(1);
        return inside.data<bool>().ToArray();
    }

    /// <summary>The mote ids of a set as class indices 0..3 (mote id − 1).</summary>
    public static Tensor MoteClasses(SensorWindows set) => tensor(set.MoteIds.Select(m => (long)(m - 1)).ToArray());

    /// <summary>1 for an indoor mote's window, 0 for an outdoor one.</summary>
    public static Tensor IndoorClasses(SensorWindows set, IReadOnlyDictionary<int, bool> indoor) =>
        tensor(set.MoteIds.Select(m => indoor[m] ? 1L : 0L).ToArray());

    public void Dispose()
    {
        Train.Dispose();
        TrainSparse.Dispose();
        NormalTrain.Dispose();
        Test.Dispose();
        MultiHop.Dispose();
    }

    private static Dictionary<int, bool> IndoorByMote(IReadOnlyList<MoteReading> readings) =>
        readings.GroupBy(r => r.MoteId).ToDictionary(g => g.Key, g => g.First().Indoor);

    /// <summary>data.json, else data.csv, in <paramref name="folder"/>; a missing file is a FileNotFoundException naming both.</summary>
    private static string DataFile(string folder)
    {
        foreach (string name in new[] { SensorMotes.JsonFile, SensorMotes.CsvFile })
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"Sensor motes data missing: neither {SensorMotes.JsonFile} nor {SensorMotes.CsvFile} in '{Path.GetFullPath(folder)}'.", Path.Combine(folder, SensorMotes.JsonFile));
    }
}
