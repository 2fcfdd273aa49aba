using System;
using System.IO;

namespace SslDsl.Training
{
    /// <summary>
    /// [Checkpoint]: when <c>Fit</c> writes checkpoints (every <paramref name="EveryEpochs"/> epochs and/or every
    /// <paramref name="EverySteps"/> optimizer steps; 0 = not by that measure), into which folder, and how many of the
    /// newest it keeps. <c>Fit(..., resume: true)</c> continues from the newest valid one there.
    /// </summary>
    public sealed record CheckpointPolicy(int EveryEpochs = SslDefaults.CheckpointEveryEpochs, int EverySteps = SslDefaults.CheckpointEverySteps, string Directory = SslDefaults.CheckpointDirectory, int Keep = SslDefaults.CheckpointKeep)
    {
        /// <summary>Throws naming the first value that cannot work.</summary>
        public void Validate()
        {
            if (EveryEpochs < 0 || EverySteps < 0 || (EveryEpochs == 0 && EverySteps == 0))
            {
                throw new ArgumentException($"[Checkpoint] needs EveryEpochs >= 1 or EverySteps >= 1 (got EveryEpochs = {EveryEpochs}, EverySteps = {EverySteps})");
            }

            if (Keep < 1)
            {
                throw new ArgumentException($"[Checkpoint] Keep must be >= 1 (got {Keep})");
            }

            if (string.IsNullOrWhiteSpace(Directory) || Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                throw new ArgumentException($"[Checkpoint] Directory '{Directory}' is not a usable folder name");
            }
        }
    }
}
