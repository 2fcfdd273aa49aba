using System.IO;
using System.Linq;
using SslDsl.Training;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>[HealthMonitor], [OnlineProbe] and [KnnMonitor(Target)] reach the generated trainer and work through its step.</summary>
public sealed class MonitoringTrainerTests
{
    [Fact]
    public void TheAttributesAreFoldedIntoTheSettings()
    {
        TrainerSettings settings = TinyMonitoredSimClr.Trainer.ExperimentSettings;
        Assert.Equal(new HealthSettings(4, 64), settings.Health);
        Assert.Equal(new OnlineProbeSettings(0.05, 0), settings.OnlineProbe);
        Assert.Equal(0.3, settings.Knn.Target);
        Assert.Contains("[OnlineProbe(LearningRate = 0.05)]", settings.Configuration);
        Assert.StartsWith("[SslExperiment]\n[ImageInput(Channels = 3, Height = 12, Width = 12)]", settings.Configuration);
        Assert.Null(TinySimClr.Trainer.ExperimentSettings.OnlineProbe); // without the attribute: no online probe
        Assert.Equal(new HealthSettings(), TinySimClr.Trainer.ExperimentSettings.Health); // health is on by default
    }

    [Fact]
    public void FitReportsTheProbeHealthAndTimeToTheKnnTarget()
    {
        (Tensor images, Tensor labels) = GeneratedTrainerTests.PatternData(256, 3, 12, seed: 8);
        (Tensor testImages, Tensor testLabels) = GeneratedTrainerTests.PatternData(128, 3, 12, seed: 9);
        Tensor someLabels = labels.clone().index_fill_(0, arange(0, 256, 4), -1); // three rows in four labelled
        using var trainer = TinyMonitoredSimClr.CreateTrainer();
        string folder = Path.Combine(Path.GetTempPath(), "ssldsl-monitoring-" + System.Guid.NewGuid().ToString("N"));
        trainer.ReportDirectory = folder;
        try
        {
            PretrainReport report = trainer.Fit(
                images,
                monitor: new KnnMonitorData(images, labels, testImages, testLabels, 4),
                probe: new OnlineProbeData(someLabels, testImages, testLabels, 4));

            Assert.Equal(3, report.Epochs.Count);
            Assert.All(report.Epochs, e => Assert.NotNull(e.OnlineProbeTop1));
            Assert.True(report.Epochs[^1].OnlineProbeTop1 > 0.4, $"online probe top-1 {report.Epochs[^1].OnlineProbeTop1} (chance 0.25)");
            Assert.Equal(24, trainer.OnlineProbeClassifier!.Steps);
            Assert.Equal(new long[] { 4, 8, 12, 16, 20, 24 }, report.HealthCurve!.Select(h => h.Step));
            Assert.All(report.HealthCurve!, h => Assert.NotNull(h.Alignment));
            Assert.Equal(report.SecondsToKnn(0.3), trainer.Report.SecondsToKnnTarget);
            Assert.True(File.Exists(Path.Combine(folder, "report.md")));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
