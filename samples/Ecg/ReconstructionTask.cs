using SensorMotesSample;
using SslDsl.Evaluation.Sequences;
using SslDsl.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace EcgSample;

/// <summary>One way of filling hidden samples in one scenario: errors on the hidden samples only, in millivolts.</summary>
internal sealed record ReconstructionRow(string Scenario, string Method, long Hidden, double Mae, double Rmse);

/// <summary>
/// Masked-stream reconstruction on the test windows: the gaps the models were pretrained on (15 % of the samples in
/// 16-sample gaps), and one long gap of <see cref="LongGap"/> samples per window, longer than any gap seen in
/// pretraining. Baselines: the training mean (0 in standardised units) and linear interpolation along time.
/// </summary>
internal static class ReconstructionTask
{
    /// <summary>The long gap: 90 samples (0.25 s), enough to lose a whole QRS complex and part of its T wave.</summary>
    public const int LongGap = 90;

    public static List<ReconstructionRow> Run(EcgData data, IEnumerable<SensorModel> reconstructors, int seed)
    {
        using var scope = NewDisposeScope();
        Tensor windows = data.Test;
        SensorModel[] models = reconstructors.ToArray();
        var scenarios = new[]
        {
            (Name: $"{EcgWindow.MaskRatio:P0} in {EcgWindow.SpanLength}-sample gaps (as pretrained)", Masking: new StreamMasking(EcgWindow.MaskRatio, maskChannels: false, spanLength: EcgWindow.SpanLength)),
            (Name: $"one {LongGap}-sample gap ({Math.Round(LongGap * 1000.0 / SslDsl.Data.Electrocardiogram.SampleRate)} ms)", Masking: new StreamMasking((double)LongGap / EcgWindow.Length, maskChannels: false, spanLength: LongGap)),
        };
        var rows = new List<ReconstructionRow>();
        using var generator = new Generator((ulong)seed, device: windows.device);
        foreach ((string name, StreamMasking masking) in scenarios)
        {
            Tensor hidden = masking.Sample(windows, generator);
            rows.Add(Row(name, "training mean", zeros_like(windows), windows, hidden, data));
            rows.Add(Row(name, "linear interpolation", StreamImputation.LinearInterpolation(windows, hidden, new[] { 0.0 }), windows, hidden, data));
            foreach (SensorModel model in models)
            {
                Tensor reconstruction = model.Predict(StreamMasking.Apply(windows, hidden)).view(windows.shape);
                rows.Add(Row(name, $"{model.Label} (pretrained)", reconstruction, windows, hidden, data));
            }
        }

        return rows;
    }

    private static ReconstructionRow Row(string scenario, string method, Tensor filled, Tensor truth, Tensor hidden, EcgData data)
    {
        SequenceErrorSummary errors = SequenceErrors.Compute(filled, truth, hidden, new[] { data.StdMillivolts });
        return new ReconstructionRow(scenario, method, errors.Count[0], errors.Mae[0], errors.Rmse[0]);
    }
}
