using System.IO;
using System.Text.Json;
using SslDsl.Evaluation;
using SslDsl.Evaluation.Health;
using SslDsl.Training;

namespace SslDsl.Reports
{
    /// <summary><c>report.json</c>: the report as one JSON object, snake_case keys, null where a value was not measured.</summary>
    internal static class RunReportJson
    {
        public static void Write(RunReport report, Stream stream)
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("experiment", report.Experiment);
            json.WriteString("configuration", report.Configuration);
            json.WriteNumber("seed", report.Seed);
            json.WriteString("precision", report.Precision);
            WriteEnvironment(json, report.Environment);
            WritePretraining(json, report);
            json.WriteStartArray("linear_probes");
            foreach ((string name, LinearProbeResult result) in report.LinearProbes)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                Number(json, "top1", result.Top1);
                Number(json, "top5", result.Top5);
                Number(json, "train_top1", result.TrainTop1);
                Number(json, "label_fraction", result.LabelFraction);
                Number(json, "weight_decay", result.WeightDecay);
                json.WriteBoolean("weight_decay_swept", result.Sweep is not null);
                json.WriteNumber("train_samples", result.TrainSamples);
                json.WriteNumber("test_samples", result.TestSamples);
                json.WriteNumber("feature_dim", result.FeatureDim);
                Number(json, "final_loss", result.FinalLoss);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("knn");
            foreach ((string name, double top1) in report.Knn)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                Number(json, "top1", top1);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("fine_tunes");
            foreach (FineTuneSummary fineTune in report.FineTunes)
            {
                WriteFineTune(json, fineTune);
            }

            json.WriteEndArray();
            json.WriteStartObject("metrics");
            foreach ((string name, double value) in report.Metrics)
            {
                Number(json, name, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("figures");
            foreach (ReportFigure figure in report.Figures)
            {
                json.WriteStartObject();
                json.WriteString("title", figure.Title);
                json.WriteString("file", figure.File);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteEnvironment(Utf8JsonWriter json, RunEnvironment environment)
        {
            json.WriteStartObject("environment");
            json.WriteString("ssldsl", environment.SslDslVersion);
            json.WriteString("torchsharp", environment.TorchSharpVersion);
            json.WriteString("runtime", environment.Runtime);
            json.WriteString("os", environment.OperatingSystem);
            json.WriteString("cpu", environment.Cpu);
            json.WriteNumber("logical_cores", environment.LogicalCores);
            json.WriteString("device", environment.Device);
            json.WriteEndObject();
        }

        private static void WritePretraining(Utf8JsonWriter json, RunReport report)
        {
            if (report.Pretraining is not { } run)
            {
                json.WriteNull("pretraining");
                return;
            }

            json.WriteStartObject("pretraining");
            json.WriteNumber("steps", run.Steps);
            Number(json, "seconds", run.Seconds);
            json.WriteString("stopped_because", run.StoppedBecause);
            Number(json, "knn_target", report.KnnTarget);
            Number(json, "seconds_to_knn_target", report.SecondsToKnnTarget);
            json.WriteStartArray("notes");
            foreach (string note in run.Notes ?? System.Array.Empty<string>())
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteStartArray("epochs");
            foreach (EpochReport epoch in run.Epochs)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", epoch.Epoch);
                json.WriteNumber("steps", epoch.Steps);
                Number(json, "loss", epoch.Loss);
                Number(json, "lr", epoch.LearningRate);
                Number(json, "seconds", epoch.Seconds);
                Number(json, "samples_per_s", epoch.SamplesPerSecond);
                Number(json, "knn_top1", epoch.KnnTop1);
                Number(json, "online_probe_top1", epoch.OnlineProbeTop1);
                Number(json, "rankme", epoch.Health?.RankMe);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("loss_curve");
            foreach (LossPoint point in run.LossCurve)
            {
                json.WriteStartObject();
                json.WriteNumber("step", point.Step);
                Number(json, "loss", point.Loss);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("health");
            foreach (EmbeddingHealth health in run.HealthCurve ?? System.Array.Empty<EmbeddingHealth>())
            {
                json.WriteStartObject();
                json.WriteNumber("step", health.Step);
                Number(json, "rankme", health.RankMe);
                json.WriteNumber("dimensions", health.Dimensions);
                Number(json, "dimension_std", health.DimensionStd);
                Number(json, "alignment", health.Alignment);
                Number(json, "uniformity", health.Uniformity);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteFineTune(Utf8JsonWriter json, FineTuneSummary fineTune)
        {
            json.WriteStartObject();
            json.WriteString("name", fineTune.Name);
            json.WriteNumber("best_epoch", fineTune.BestEpoch);
            json.WriteString("stop_reason", fineTune.StopReason.ToString());
            Number(json, "test_top1", fineTune.TestTop1);
            json.WriteStartArray("epochs");
            foreach (FineTuneEpoch epoch in fineTune.History)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", epoch.Epoch);
                Number(json, "train_loss", epoch.TrainLoss);
                Number(json, "train_top1", epoch.TrainTop1);
                Number(json, "validation_loss", epoch.ValidationLoss);
                Number(json, "validation_top1", epoch.ValidationTop1);
                Number(json, "head_lr", epoch.HeadLearningRate);
                Number(json, "backbone_lr", epoch.BackboneLearningRate);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        /// <summary>A finite number, or null (JSON has no NaN or infinity).</summary>
        private static void Number(Utf8JsonWriter json, string name, double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                json.WriteNumber(name, v);
            }
            else
            {
                json.WriteNull(name);
            }
        }
    }
}
