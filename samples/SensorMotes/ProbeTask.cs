using SslDsl.Data;
using SslDsl.Evaluation;
using static TorchSharp.torch;

namespace SensorMotesSample;

/// <summary>Linear-probe test accuracy of one representation on one task at each label fraction.</summary>
internal sealed record ProbeRow(string Task, string Representation, IReadOnlyList<int> Labels, IReadOnlyList<double> Top1);

/// <summary>A way of turning windows into features: an encoder's embedding or the raw readings.</summary>
internal sealed record Representation(string Name, Func<SensorWindows, Tensor> Features);

/// <summary>
/// Few-label classification from 64-reading windows with a linear probe on frozen features (L-BFGS, the library's
/// weight-decay sweep): which mote (4 classes; trained on the single-hop training part, tested on its later part) and
/// indoor or outdoor (trained on the single-hop recording, tested on the multi-hop deployment, where other motes stand
/// in other places: nothing but the kind of place carries over). Each task at 1 %, 10 % and all training labels
/// (stratified seeded subsets). Raw windows come twice: as read (standardised; the level alone tells much) and with
/// each window's own mean removed per channel (only the shape of the 5 minutes is left).
/// </summary>
internal static class ProbeTask
{
    public static readonly double[] Fractions = { 0.01, 0.1, 1.0 };

    public static List<ProbeRow> Run(MoteData data, IEnumerable<Representation> representations, int seed)
    {
        var rows = new List<ProbeRow>();
        using Tensor moteTrain = MoteData.MoteClasses(data.TrainSparse), moteTest = MoteData.MoteClasses(data.Test);
        using Tensor indoorTrain = MoteData.IndoorClasses(data.TrainSparse, data.SingleHopIndoor), indoorTest = MoteData.IndoorClasses(data.MultiHop, data.MultiHopIndoor);
        var options = new LinearProbeOptions(Seed: seed);
        foreach (Representation representation in representations)
        {
            using Tensor train = representation.Features(data.TrainSparse);
            using Tensor test = representation.Features(data.Test);
            using Tensor multi = representation.Features(data.MultiHop);
            rows.Add(Row("mote (single-hop, later half)", representation.Name, LinearProbe.FitFractions(train, moteTrain, test, moteTest, 4, Fractions, options)));
            rows.Add(Row("indoor/outdoor (multi-hop deployment)", representation.Name, LinearProbe.FitFractions(train, indoorTrain, multi, indoorTest, 2, Fractions, options)));
            Console.WriteLine($"  probed {representation.Name}");
        }

        return rows;
    }

    /// <summary>Raw windows flattened to <c>[N, C·T]</c>.</summary>
    public static Tensor Raw(SensorWindows set) => set.Windows.reshape(set.Count, -1);

    /// <summary>Raw windows with each channel's mean over the window removed, flattened.</summary>
    public static Tensor RawLevelRemoved(SensorWindows set)
    {
        using var scope = NewDisposeScope();
        return set.Windows.sub(set.Windows.mean(new long[] { 2 }, keepdim: true)).reshape(set.Count, -1).MoveToOuterDisposeScope();
    }

    private static ProbeRow Row(string task, string representation, IReadOnlyList<LinearProbeResult> results) =>
        new(task, representation, results.Select(r => (int)r.TrainSamples).ToArray(), results.Select(r => r.Top1).ToArray());
}
