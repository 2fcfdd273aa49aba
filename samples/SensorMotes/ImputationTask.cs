using SslDsl.Data;
using SslDsl.Evaluation.Sequences;
using SslDsl.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace SensorMotesSample;

/// <summary>One way of filling hidden readings in one scenario: MAE on the hidden entries, in the channels' units (NaN where a channel has none hidden).</summary>
internal sealed record ImputationRow(string Set, string Scenario, string Method, double HumidityMae, double TemperatureMae);

/// <summary>
/// Reconstructing missing sensor streams on windows without a labelled event: a whole channel lost (humidity, then
/// temperature: a failed sensor), and 30 % of the readings lost in 4-reading gaps on both channels (dropped packets).
/// Baselines: the training mean of the channel (0 in standardised units); for a lost channel, least squares on the
/// other channel at the same reading (fitted on the training windows); for gaps, linear interpolation along time.
/// </summary>
internal static class ImputationTask
{
    public static List<ImputationRow> Run(string setName, SensorWindows set, Tensor trainWindows, IReadOnlyList<double> std, IEnumerable<SensorModel> reconstructors, int seed)
    {
        using var scope = NewDisposeScope();
        Tensor windows = set.Windows.index_select(0, set.Labels.eq(0).nonzero().squeeze(1));
        SensorModel[] models = reconstructors.ToArray();
        var rows = new List<ImputationRow>();
        for (int channel = 0; channel < MoteWindow.Channels; channel++)
        {
            string scenario = $"{SensorMotes.ChannelNames[channel]} channel missing";
            Tensor mask = zeros_like(windows);
            mask.narrow(1, channel, 1).fill_(1);
            rows.Add(Row(setName, scenario, "training mean", zeros_like(windows), windows, mask, std));
            ChannelRegression regression = ChannelRegression.Fit(trainWindows, channel);
            Tensor fromOther = windows.clone();
            fromOther.narrow(1, channel, 1).copy_(regression.Predict(windows).unsqueeze(1));
            rows.Add(Row(setName, scenario, $"least squares on {SensorMotes.ChannelNames[1 - channel]}", fromOther, windows, mask, std));
            foreach (SensorModel model in models)
            {
                rows.Add(Row(setName, scenario, $"{model.Label} (pretrained)", Reconstruct(model, windows, mask), windows, mask, std));
            }
        }

        const string gaps = "30 % of readings in 4-reading gaps";
        using Generator generator = new Generator((ulong)seed, device: windows.device);
        Tensor spans = new StreamMasking(0.3, maskChannels: false, spanLength: 4).Sample(windows, generator);
        rows.Add(Row(setName, gaps, "training mean", zeros_like(windows), windows, spans, std));
        rows.Add(Row(setName, gaps, "linear interpolation", StreamImputation.LinearInterpolation(windows, spans, new[] { 0.0, 0.0 }), windows, spans, std));
        foreach (SensorModel model in models)
        {
            rows.Add(Row(setName, gaps, $"{model.Label} (pretrained)", Reconstruct(model, windows, spans), windows, spans, std));
        }

        return rows;
    }

    /// <summary>The model's reconstruction of <paramref name="windows"/> with the hidden entries zeroed, as in pretraining.</summary>
    public static Tensor Reconstruct(SensorModel model, Tensor windows, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return model.Predict(StreamMasking.Apply(windows, mask)).view(windows.shape).MoveToOuterDisposeScope();
    }

    /// <summary>MAE per channel over the hidden entries; NaN for a channel with no hidden entry.</summary>
    private static ImputationRow Row(string set, string scenario, string method, Tensor filled, Tensor truth, Tensor mask, IReadOnlyList<double> std)
    {
        var mae = new double[MoteWindow.Channels];
        for (int c = 0; c < MoteWindow.Channels; c++)
        {
            Tensor hidden = mask.narrow(1, c, 1);
            mae[c] = hidden.sum().item<float>() == 0 ? double.NaN
                : SequenceErrors.Compute(filled.narrow(1, c, 1), truth.narrow(1, c, 1), hidden, new[] { std[c] }).Mae[0];
        }

        return new ImputationRow(set, scenario, method, mae[0], mae[1]);
    }
}
