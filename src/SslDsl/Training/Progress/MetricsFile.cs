using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// A run's metrics as JSON lines, one object per window and per epoch, for plotting elsewhere:
    /// <c>{"kind":"window","step":120,"epoch":2,"loss":3.1416,"lr":0.001,"images_per_s":512,"elapsed_s":61.5,"knn_top1":null}</c>.
    /// Each line is flushed as it is written, so a killed run keeps its lines. Numbers that JSON cannot hold (a
    /// diverged NaN loss) are written as null.
    /// <para>
    /// A resumed run (<see cref="OnStart"/> with a first step above 0) first rewrites the file, atomically, keeping
    /// only the lines up to that step (the checkpoint's), and counts its elapsed time on from the last kept line; so
    /// the file of a run that was killed and resumed reads like the file of one that never stopped.
    /// </para>
    /// </summary>
    public sealed class MetricsFile : TrainingMonitor
    {
        private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

        private readonly string path;
        private readonly ArrayBufferWriter<byte> buffer = new(256); // reused: one line at a time
        private FileStream? stream;
        private TimeSpan elapsedBefore;

        public MetricsFile(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            this.path = Path.GetFullPath(path);
        }

        /// <summary>The file, as a full path.</summary>
        public string FilePath => path;

        public override void OnStart(string experiment, int totalEpochs, long totalSteps, long firstStep)
        {
            stream?.Dispose();
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (firstStep > 0 && File.Exists(path))
            {
                elapsedBefore = KeepUpTo(firstStep);
                stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            }
            else
            {
                elapsedBefore = TimeSpan.Zero;
                stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            }
        }

        public override void OnWindow(TrainingSnapshot snapshot) => Append("window", snapshot);

        public override void OnEpoch(TrainingSnapshot snapshot) => Append("epoch", snapshot);

        public override void OnEnd(string? stoppedBecause) => stream?.Flush(flushToDisk: true);

        public override void Dispose()
        {
            stream?.Dispose();
            stream = null;
        }

        private void Append(string kind, TrainingSnapshot s)
        {
            if (stream is null)
            {
                throw new InvalidOperationException($"metrics file '{path}': {nameof(OnStart)} was not called");
            }

            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("kind", kind);
                json.WriteNumber("step", s.Step);
                json.WriteNumber("epoch", s.Epoch);
                WriteNumber(json, "loss", s.Loss);
                WriteNumber(json, "lr", s.LearningRate);
                WriteNumber(json, "images_per_s", s.SamplesPerSecond);
                WriteNumber(json, "elapsed_s", (elapsedBefore + s.Elapsed).TotalSeconds);
                WriteNumber(json, "knn_top1", s.KnnTop1);
                WriteNumber(json, "online_probe_top1", s.OnlineProbeTop1);
                WriteNumber(json, "rankme", s.Health?.RankMe);
                WriteNumber(json, "dimension_std", s.Health?.DimensionStd);
                WriteNumber(json, "alignment", s.Health?.Alignment);
                WriteNumber(json, "uniformity", s.Health?.Uniformity);
                json.WriteEndObject();
            }

            stream.Write(buffer.WrittenSpan);
            stream.WriteByte((byte)'\n');
            stream.Flush(); // to the operating system: a killed process keeps the line
        }

        private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
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

        /// <summary>
        /// Rewrites the file with the lines at or before <paramref name="firstStep"/> (temporary file, then rename, so a
        /// crash here leaves the old file whole); a torn last line from a killed run is dropped. Returns the elapsed
        /// time of the last kept line, from which the resumed run counts on.
        /// </summary>
        private TimeSpan KeepUpTo(long firstStep)
        {
            var kept = new List<string>();
            double elapsed = 0;
            foreach (string line in File.ReadLines(path, Utf8))
            {
                if (Parse(line) is { } entry && entry.Step <= firstStep)
                {
                    kept.Add(line);
                    elapsed = Math.Max(elapsed, entry.ElapsedSeconds);
                }
            }

            string temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var writer = new StreamWriter(temp, append: false, Utf8))
                {
                    writer.NewLine = "\n";
                    foreach (string line in kept)
                    {
                        writer.WriteLine(line);
                    }

                    writer.Flush();
                    ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            return TimeSpan.FromSeconds(elapsed);
        }

        private static (long Step, double ElapsedSeconds)? Parse(string line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("step", out var step) || !step.TryGetInt64(out long s))
                {
                    return null;
                }

                double elapsed = root.TryGetProperty("elapsed_s", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 0;
                return (s, elapsed);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
