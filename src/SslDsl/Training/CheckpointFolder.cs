using System;
using System.Globalization;
using System.IO;
using SslDsl.IO;
using System.Linq;
using SslDsl.Training.Checkpoints;

namespace SslDsl.Training
{
    /// <summary>
    /// The periodic checkpoints of one experiment in a folder: <c>Experiment.step0000000123.ckpt</c>, newest by step,
    /// pruned to the newest few after each write.
    /// </summary>
    public sealed class CheckpointFolder
    {
        private const string StepMarker = ".step";
        private const string Extension = ".ckpt";

        public CheckpointFolder(string directory, string experiment)
        {
            Directory = directory;
            Experiment = experiment;
        }

        public string Directory { get; }
        public string Experiment { get; }

        public string PathFor(long step) => Path.Combine(Directory, Experiment + StepMarker + step.ToString("D10", CultureInfo.InvariantCulture) + Extension);

        /// <summary>This experiment's checkpoints in the folder, newest (highest step) first.</summary>
        public string[] NewestFirst()
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return Array.Empty<string>();
            }

            return System.IO.Directory.EnumerateFiles(Directory, Experiment + StepMarker + "*" + Extension)
                .Select(path => (Path: path, Step: StepOf(path)))
                .Where(c => c.Step >= 0)
                .OrderByDescending(c => c.Step)
                .Select(c => c.Path)
                .ToArray();
        }

        /// <summary>Deletes all but the newest <paramref name="keep"/> checkpoints, and temporaries of killed writers.</summary>
        public void KeepNewest(int keep)
        {
            foreach (string old in NewestFirst().Skip(keep))
            {
                File.Delete(old);
            }

            AtomicFile.RemoveAbandonedTemporaries(Directory);
        }

        private long StepOf(string path)
        {
            string name = Path.GetFileName(path);
            int start = Experiment.Length + StepMarker.Length;
            int length = name.Length - start - Extension.Length;
            return length > 0 && long.TryParse(name.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out long step) ? step : -1;
        }
    }
}
