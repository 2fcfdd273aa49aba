using System.Text.Json;

namespace SslDsl.Generators.Tests;

/// <summary>
/// The quick-start sample, run as a user runs it but on the 300-image Fashion-MNIST fixture (as both splits) for a few
/// optimizer steps (at most 10 epochs of 2; a slow machine's 1-minute budget may cut that, and the loss figure still has
/// its epoch means): every stage — pretraining with the monitors, probes at three label fractions, kNN, t-SNE,
/// fine-tuning against training from scratch, the run report with its figures — must still work, so the sample cannot
/// rot between its long measured runs. Needs the solution built in Release (tests/run.sh does that first).
/// </summary>
public sealed class SampleSmokeTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-sample-smoke-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheQuickStartRunsEndToEndOnTheFixture()
    {
        string output = Path.Combine(folder, "out");
        string reference = WriteReferenceFeatures(trainCount: 300, testCount: 300, dim: 16);
        JsonElement result = await RunSample(output, "--train-limit", "256", "--epochs", "10", "--minutes", "1", "--seed", "0", "--reference-features", reference);
        foreach (string key in new[] { "linear_probe_top1", "linear_probe_top1_10pct", "linear_probe_top1_1pct", "random_init_top1", "raw_input_top1", "knn_top1", "online_probe_top1", "rankme", "fine_tune_top1_1pct", "scratch_top1_1pct", "tsne_trustworthiness", "reference_linear_probe_top1", "reference_linear_probe_top1_1pct", "reference_knn_top1" })
        {
            Assert.InRange(result.GetProperty(key).GetDouble(), 0, key == "rankme" ? 256 : 1);
        }

        Assert.True(result.GetProperty("monitor_seconds").GetDouble() > 0, "the kNN monitor ran every epoch, outside the budget"); // its time is reported, not charged
        Assert.InRange(result.GetProperty("pretrain_seconds").GetDouble(), 0.001, 60);

        double[] range = result.GetProperty("linear_probe_top1_1pct_range").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(2, range.Length); // the lowest and highest of the 1 % subsets, around their mean
        Assert.InRange(result.GetProperty("linear_probe_top1_1pct").GetDouble(), range[0], range[1]);

        string report = Path.Combine(output, "fashion-mnist-simclr-convnet-report");
        Assert.Equal(Path.Combine(report, "report.md"), result.GetProperty("report_md").GetString());
        foreach (string file in new[] { "report.md", "report.json", "loss.png", "accuracy.png", "rankme.png", "tsne.png", "fine-tune-30-labels-top1.png", "from-scratch-30-labels-loss.png" })
        {
            Assert.True(File.Exists(Path.Combine(report, file)), $"{file} is missing from the report folder: {string.Join(", ", Directory.GetFiles(report).Select(Path.GetFileName))}");
        }

        JsonElement json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json"))).RootElement;
        Assert.Equal(7, json.GetProperty("linear_probes").GetArrayLength()); // 5 subsets of 1 %, 10 % and all labels of the pretrained encoder
        Assert.Equal(2, json.GetProperty("fine_tunes").GetArrayLength());
        Assert.Contains("[OnlineProbe(LearningRate = 0.005)]", json.GetProperty("configuration").GetString());
    }

    [Fact]
    public async Task TruncatedReferenceFeaturesAreRefusedBeforePretrainingWithTheFileNamed()
    {
        string reference = WriteReferenceFeatures(trainCount: 300, testCount: 300, dim: 16);
        string trainFile = Path.Combine(reference, "train.f32");
        File.WriteAllBytes(trainFile, File.ReadAllBytes(trainFile)[..1000]);

        (int exitCode, string stdout, string stderr) = await StartSample(Path.Combine(folder, "out"), "--reference-features", reference);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{trainFile} is 1000 bytes, expected 300 × 16 float32", stderr);
        Assert.DoesNotContain("Pretraining", stdout);
    }

    [Fact]
    public async Task TheMethodsTableRunsEveryMethod()
    {
        string output = Path.Combine(folder, "out");
        JsonElement result = await RunSample(output, "--methods", "--train-limit", "256", "--epochs", "1", "--method-minutes", "1", "--seed", "0");

        JsonElement[] rows = result.GetProperty("methods").EnumerateArray().ToArray();
        Assert.Equal(new[] { "SimCLR", "MoCo v2", "BYOL", "Barlow Twins", "VICReg", "NNCLR", "DINO", "SwAV", "MAE (ViT, patch 7)" }, rows.Select(r => r.GetProperty("method").GetString()));
        foreach (JsonElement row in rows)
        {
            Assert.Equal(1, row.GetProperty("epochs").GetInt32());
            Assert.InRange(row.GetProperty("linear_probe_top1").GetDouble(), 0.1, 1); // chance is 0.1; 256 images leave little to learn
            Assert.InRange(row.GetProperty("knn_top1").GetDouble(), 0, 1);
            Assert.True(row.GetProperty("images_per_second").GetDouble() > 0);
        }

        Assert.True(File.Exists(Path.Combine(output, "methods", "barlow-twins", "report.md")));
    }

    /// <summary>Runs the built sample on the fixture (as train and test split) and returns its RESULT line's JSON.</summary>
    private async Task<JsonElement> RunSample(string output, params string[] arguments)
    {
        (int exitCode, string stdout, string stderr) = await StartSample(output, arguments);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{stderr}");
        return SampleProcess.Result(stdout);
    }

    /// <summary>A folder as reference/simclr_reference.py writes it, with seeded random features (the format is what is tested).</summary>
    private string WriteReferenceFeatures(int trainCount, int testCount, int dim)
    {
        string reference = Path.Combine(folder, "reference");
        Directory.CreateDirectory(reference);
        var random = new Random(7);
        foreach ((string file, int count) in new[] { ("train.f32", trainCount), ("test.f32", testCount) })
        {
            float[] values = Enumerable.Range(0, count * dim).Select(_ => (float)random.NextDouble()).ToArray();
            File.WriteAllBytes(Path.Combine(reference, file), System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }

        File.WriteAllText(Path.Combine(reference, "reference.json"), $"{{\"epochs\": 5, \"pretrain_seconds\": 600.0, \"dim\": {dim}, \"train\": {trainCount}, \"test\": {testCount}}}");
        return reference;
    }

    /// <summary>Starts the built sample on the fixture (as train and test split); its exit code and output.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> StartSample(string output, params string[] arguments)
    {
        string data = Path.Combine(folder, "data");
        FashionMnistFixture.CopyTo(data);
        return SampleProcess.RunAsync("FashionMnistSimClr", folder, new[] { "--data", data, "--output", output }.Concat(arguments));
    }
}
