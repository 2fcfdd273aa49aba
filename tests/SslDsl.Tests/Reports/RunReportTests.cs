using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SslDsl.Reports;
using SslDsl.Tests.Training.Loop;
using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Tests.Reports;

/// <summary>The run report: what Fit and the evaluations measured, as report.json and report.md, rewritten after each.</summary>
public sealed class RunReportTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FitAndEachEvaluationRewriteTheReport()
    {
        (Tensor images, Tensor labels) = LoopTrainer.Data(64);
        (Tensor testImages, Tensor testLabels) = LoopTrainer.Data(40, seed: 11);
        using var trainer = new LoopTrainer { ReportDirectory = folder };

        PretrainReport run = trainer.Fit(images, epochs: 2);
        JsonElement afterFit = Read("report.json");
        Assert.Equal("Tests.LoopTrainer", afterFit.GetProperty("experiment").GetString());
        Assert.Equal(1, afterFit.GetProperty("seed").GetInt32());
        JsonElement pretraining = afterFit.GetProperty("pretraining");
        Assert.Equal(run.Steps, pretraining.GetProperty("steps").GetInt64());
        Assert.Equal(run.Epochs.Select(e => e.Loss), pretraining.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("loss").GetDouble()));
        Assert.Equal(run.HealthCurve!.Select(h => h.RankMe), pretraining.GetProperty("health").EnumerateArray().Select(h => h.GetProperty("rankme").GetDouble()));
        Assert.Equal(run.LossCurve.Count, pretraining.GetProperty("loss_curve").GetArrayLength());
        Assert.Equal(0, afterFit.GetProperty("linear_probes").GetArrayLength());
        Assert.Equal(Environment.ProcessorCount, afterFit.GetProperty("environment").GetProperty("logical_cores").GetInt32());

        var probe = trainer.LinearProbe(images, labels, testImages, testLabels, 2);
        double knn = trainer.KnnTop1(new KnnMonitorData(images, labels, testImages, testLabels, 2));

        JsonElement afterEvaluations = Read("report.json");
        JsonElement probeEntry = Assert.Single(afterEvaluations.GetProperty("linear_probes").EnumerateArray());
        Assert.Equal("linear probe (64 labels)", probeEntry.GetProperty("name").GetString());
        Assert.Equal(probe.Top1, probeEntry.GetProperty("top1").GetDouble());
        Assert.Equal(knn, Assert.Single(afterEvaluations.GetProperty("knn").EnumerateArray()).GetProperty("top1").GetDouble());

        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.StartsWith("# Tests.LoopTrainer\n", markdown);
        Assert.Contains("| epoch | loss | lr | samples/s | kNN top-1 | online probe | RankMe | seconds |", markdown);
        Assert.Contains($"| linear probe (64 labels) | {100 * probe.Top1:0.00} % |  | ", markdown); // no top-5 with 2 classes
        Assert.Equal(new[] { "report.json", "report.md" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order()); // no temporaries left
    }

    [Fact]
    public void WithoutADirectoryNothingIsWritten()
    {
        (Tensor images, _) = LoopTrainer.Data(64);
        using var trainer = new LoopTrainer();
        trainer.Fit(images, epochs: 1);
        Assert.NotNull(trainer.Report.Pretraining);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void TimeToAKnnTargetIsTheFirstEpochThatReachesIt()
    {
        var run = new PretrainReport(
            new[]
            {
                new EpochReport(1, 10, 3.0, 0.1, 12.5, KnnTop1: 0.40),
                new EpochReport(2, 20, 2.0, 0.1, 25.0, KnnTop1: 0.72),
                new EpochReport(3, 30, 1.5, 0.1, 37.5),
                new EpochReport(4, 40, 1.2, 0.1, 50.0, KnnTop1: 0.81),
            },
            Array.Empty<LossPoint>(),
            40,
            50,
            null);

        Assert.Equal(25.0, run.SecondsToKnn(0.70));
        Assert.Equal(50.0, run.SecondsToKnn(0.80));
        Assert.Null(run.SecondsToKnn(0.90));
        var report = new RunReport("x", null, 0, "Float32", RunEnvironment.Current("cpu")) { Pretraining = run, KnnTarget = 0.8 };
        Assert.Equal(50.0, report.SecondsToKnnTarget);
    }

    [Fact]
    public void NamesReplaceTheirEarlierEntries()
    {
        var report = new RunReport("x", "[SimClr]", 0, "Float32", RunEnvironment.Current("cpu"));
        report.AddKnn("kNN", 0.5);
        report.AddKnn("kNN", 0.6);
        report.SetMetric("raw pixels", 0.8);
        report.SetMetric("raw pixels", 0.84);
        Assert.Equal(0.6, Assert.Single(report.Knn).Top1);
        Assert.Equal(0.84, Assert.Single(report.Metrics).Value);
        Assert.Throws<ArgumentException>(() => report.SetMetric(" ", 1));
    }

    private JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, file))).RootElement;
}
