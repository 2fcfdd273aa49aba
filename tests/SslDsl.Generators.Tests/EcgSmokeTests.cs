using System.Text.Json;
using SslDsl.Datasets.Tests;

namespace SslDsl.Generators.Tests;

/// <summary>
/// The ECG sample, run as a user runs it but on a synthetic 4,000-sample ecg.dat in SciPy's format (a deflated .npz
/// whose ecg.npy holds uint16 ADC readings: a beat every 260 samples on a slow baseline wave), one epoch per
/// experiment: the four pretrainings with their run reports, the forecasts and the reconstructions must still work and
/// report every method, so the sample cannot rot between its measured runs. Needs no real data, and the solution
/// built in Release (tests/run.sh does that first).
/// </summary>
public sealed class EcgSmokeTests : IDisposable
{
    private const int Samples = 4_000, Period = 260;

    private static readonly string[] Experiments = { "tcn-future-window", "transformer-future-window", "tcn-masked-stream", "transformer-masked-stream" };

    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-ecg-smoke-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheSampleRunsEveryTaskOnASyntheticRecording()
    {
        string data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        File.WriteAllBytes(Path.Combine(data, "ecg.dat"), NpzTestFiles.EcgDat(NpzTestFiles.SyntheticReadings(Samples, Period)));
        string output = Path.Combine(folder, "out");

        (int exitCode, string stdout, string stderr) = await Launch(data, output, "--epochs", "1", "--pretrain-stride", "16", "--eval-stride", "32", "--seed", "0");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{stderr}");
        JsonElement result = SampleProcess.Result(stdout);
        Assert.Equal(2_800, result.GetProperty("train_samples").GetInt32()); // the first 70 %
        Assert.Equal(1_200, result.GetProperty("test_samples").GetInt32());
        Assert.Equal((2_800 - 384) / 16 + 1, result.GetProperty("train_windows").GetInt32());
        Assert.Equal((1_200 - 384) / 32 + 1, result.GetProperty("test_windows").GetInt32());
        Assert.Equal(Period, result.GetProperty("heartbeat_period_samples").GetInt32()); // found by autocorrelation despite the baseline wave
        Assert.InRange(result.GetProperty("train_std_mv").GetDouble(), 0.1, 1);
        Assert.Equal(4, result.GetProperty("final_losses").EnumerateObject().Count());
        Assert.All(result.GetProperty("final_losses").EnumerateObject(), loss => Assert.True(double.IsFinite(loss.Value.GetDouble()) && loss.Value.GetDouble() > 0));

        JsonElement[] forecast = result.GetProperty("forecast").EnumerateArray().ToArray();
        Assert.Equal(
            new[] { "last value (persistence)", $"seasonal naive (heartbeat period {Period} samples)", "drift", "TCN, future window (pretrained)", "Transformer, future window (pretrained)" },
            forecast.Select(r => r.GetProperty("method").GetString()));
        foreach (JsonElement row in forecast)
        {
            Assert.Equal(26, row.GetProperty("windows").GetInt32());
            Assert.InRange(row.GetProperty("mae_mv").GetDouble(), 1e-6, 5);
            Assert.True(row.GetProperty("rmse_mv").GetDouble() >= row.GetProperty("mae_mv").GetDouble());
        }

        // A strictly periodic signal: the last beat repeated forecasts it almost exactly (the baseline wave moves little).
        Assert.True(forecast[1].GetProperty("mae_mv").GetDouble() < 0.5 * forecast[0].GetProperty("mae_mv").GetDouble(), "seasonal naive should beat persistence on a periodic signal");

        JsonElement[] reconstruction = result.GetProperty("reconstruction").EnumerateArray().ToArray();
        Assert.Equal(2 * 4, reconstruction.Length); // 2 gap scenarios × (training mean, linear interpolation, 2 models)
        Assert.Equal(
            new[] { "training mean", "linear interpolation", "TCN, masked stream (pretrained)", "Transformer, masked stream (pretrained)" },
            reconstruction.Take(4).Select(r => r.GetProperty("method").GetString()));
        foreach (JsonElement row in reconstruction)
        {
            Assert.True(row.GetProperty("hidden_samples").GetInt64() > 0);
            Assert.InRange(row.GetProperty("mae_mv").GetDouble(), 1e-6, 5);
        }

        foreach (string experiment in Experiments)
        {
            string report = Path.Combine(output, $"ecg-{experiment}-report");
            foreach (string file in new[] { "report.md", "report.json", "loss.png" })
            {
                Assert.True(File.Exists(Path.Combine(report, file)), $"{file} is missing from {report}: {string.Join(", ", Directory.Exists(report) ? Directory.GetFiles(report).Select(Path.GetFileName) : Array.Empty<string>())}");
            }

            JsonElement metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json"))).RootElement.GetProperty("metrics");
            string metric = experiment.EndsWith("future-window", StringComparison.Ordinal) ? "forecast MAE mV" : "reconstruction MAE mV, one 90-sample gap (250 ms)";
            Assert.InRange(metrics.GetProperty(metric).GetDouble(), 1e-6, 5);
        }

        Assert.Contains("| linear interpolation |", File.ReadAllText(Path.Combine(output, "ecg-tables.md")));
        Assert.Equal(result.GetRawText(), File.ReadAllText(Path.Combine(output, "ecg-result.json"))); // the RESULT line, also on disk
    }

    [Fact]
    public async Task AMissingRecordingNamesTheFetchScript()
    {
        (int exitCode, string stdout, string stderr) = await Launch(Path.Combine(folder, "no-such-folder"), Path.Combine(folder, "out"));

        Assert.NotEqual(0, exitCode);
        string said = stdout + stderr;
        Assert.Contains("no-such-folder", said);
        Assert.Contains("samples/scripts/fetch-ecg.sh", said);
    }

    [Fact]
    public async Task AFileInAnotherFormatIsNamedWithItsProblem()
    {
        string data = Path.Combine(folder, "csv");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "ecg.dat"), "time,mv\n0,0.1\n");

        (int exitCode, string stdout, string stderr) = await Launch(data, Path.Combine(folder, "out"));

        Assert.NotEqual(0, exitCode);
        string said = stdout + stderr;
        Assert.Contains(Path.Combine(data, "ecg.dat"), said);
        Assert.Contains("not a NumPy .npz archive", said);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Launch(string data, string output, params string[] arguments) =>
        SampleProcess.RunAsync("Ecg", folder, new[] { "--data", data, "--output", output }.Concat(arguments));
}
