using System.Text.Json;

namespace SslDsl.Generators.Tests;

/// <summary>
/// The sensor-motes sample, run as a user runs it but on the 800-reading fixture (readings 2301..2500 of each mote,
/// both labelled events; standing in for the single-hop and the multi-hop recording) for one epoch per experiment:
/// every stage — six pretrainings with their run reports, forecasting, stream reconstruction, the probes and event
/// detection — must still work and report every method, so the sample cannot rot between its measured runs. Needs
/// the solution built in Release (tests/run.sh does that first).
/// </summary>
public sealed class SensorMotesSmokeTests : IDisposable
{
    private static readonly string[] Experiments =
    {
        "tcn-future-window", "transformer-future-window", "tcn-masked-streams", "transformer-masked-streams", "tcn-contrastive", "transformer-contrastive",
    };

    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-sensor-smoke-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheSampleRunsEveryTaskOnTheFixture()
    {
        string output = Path.Combine(folder, "out");
        // Stride 1: the fixture's 100 training readings per mote give 148 windows, enough for one batch of 128.
        JsonElement result = await RunSample(output, "--epochs", "1", "--pretrain-stride", "1", "--eval-stride", "8", "--seed", "0");

        Assert.Equal(148, result.GetProperty("train_windows").GetInt32());
        Assert.Equal(20, result.GetProperty("test_windows").GetInt32()); // (100 − 64) / 8 + 1 = 5 per mote
        Assert.Equal(72, result.GetProperty("multi_hop_windows").GetInt32()); // (200 − 64) / 8 + 1 = 18 per mote
        Assert.Equal(6, result.GetProperty("final_losses").EnumerateObject().Count());

        string[] forecastMethods = Methods(result, "forecast", "method");
        Assert.Contains("last value (persistence)", forecastMethods);
        Assert.Contains("TCN, future window (pretrained)", forecastMethods);
        Assert.Contains("Transformer, future window (pretrained)", forecastMethods);
        foreach (JsonElement row in result.GetProperty("forecast").EnumerateArray())
        {
            Assert.True(row.GetProperty("mae_humidity").GetDouble() > 0 && row.GetProperty("mae_temperature").GetDouble() > 0);
        }

        string[] imputationMethods = Methods(result, "imputation", "method");
        Assert.Contains("linear interpolation", imputationMethods);
        Assert.Contains("least squares on temperature", imputationMethods);
        Assert.Contains("TCN, masked streams (pretrained)", imputationMethods);

        JsonElement[] probes = result.GetProperty("probe").EnumerateArray().ToArray();
        Assert.Equal(2 * 8, probes.Length); // 2 tasks × (2 raw forms + 4 pretrained + 2 random-init encoders)
        foreach (JsonElement row in probes)
        {
            Assert.Equal(3, row.GetProperty("top1").GetArrayLength());
            Assert.All(row.GetProperty("top1").EnumerateArray(), t => Assert.InRange(t.GetDouble(), 0, 1));
        }

        JsonElement[] anomaly = result.GetProperty("anomaly").EnumerateArray().ToArray();
        Assert.Equal(2 * 14, anomaly.Length); // 2 test sets × 14 scores
        Assert.All(anomaly, row => Assert.InRange(row.GetProperty("auroc_all").GetDouble(), 0, 1));
        Assert.True(result.GetProperty("anomaly_events").GetProperty("single-hop later half").GetProperty("positive_windows").GetInt32() > 0);

        foreach (string experiment in Experiments)
        {
            string report = Path.Combine(output, $"sensor-motes-{experiment}-report");
            foreach (string file in new[] { "report.md", "report.json", "loss.png" })
            {
                Assert.True(File.Exists(Path.Combine(report, file)), $"{file} is missing from {report}: {string.Join(", ", Directory.Exists(report) ? Directory.GetFiles(report).Select(Path.GetFileName) : Array.Empty<string>())}");
            }
        }

        Assert.True(File.Exists(Path.Combine(output, "sensor-motes-tables.md")));
        Assert.Equal(result.GetRawText(), File.ReadAllText(Path.Combine(output, "sensor-motes-result.json"))); // the RESULT line, also on disk
    }

    [Fact]
    public async Task AMissingMultiHopRecordingNamesTheFetchScript()
    {
        string data = Path.Combine(folder, "single-only");
        Directory.CreateDirectory(data);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "sensor-motes", "data.json"), Path.Combine(data, "data.json"));

        (int exitCode, string stdout, string stderr) = await Launch(data, Path.Combine(folder, "out"), "--epochs", "1", "--pretrain-stride", "1");

        Assert.NotEqual(0, exitCode);
        string said = stdout + stderr;
        Assert.Contains("multi-hop", said);
        Assert.Contains("samples/scripts/fetch-sensor-motes.sh", said);
    }

    private static string[] Methods(JsonElement result, string table, string column) =>
        result.GetProperty(table).EnumerateArray().Select(r => r.GetProperty(column).GetString()!).Distinct().ToArray();

    /// <summary>Runs the built sample on the fixture (as both recordings) and returns its RESULT line's JSON.</summary>
    private async Task<JsonElement> RunSample(string output, params string[] arguments)
    {
        string data = Path.Combine(folder, "data");
        Directory.CreateDirectory(Path.Combine(data, "multi-hop"));
        string fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "sensor-motes", "data.json");
        File.Copy(fixture, Path.Combine(data, "data.json"), overwrite: true);
        File.Copy(fixture, Path.Combine(data, "multi-hop", "data.json"), overwrite: true);

        (int exitCode, string stdout, string stderr) = await Launch(data, output, arguments);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{stderr}");
        return SampleProcess.Result(stdout);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Launch(string data, string output, params string[] arguments) =>
        SampleProcess.RunAsync("SensorMotes", folder, new[] { "--data", data, "--output", output }.Concat(arguments));
}
