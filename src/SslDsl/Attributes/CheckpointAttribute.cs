using System;

namespace SslDsl
{
    /// <summary>
    /// Periodic checkpoints during <c>Fit</c>: a checkpoint every <see cref="EveryEpochs"/> epochs and/or every
    /// <see cref="EverySteps"/> optimizer steps into <see cref="Directory"/>, keeping the newest <see cref="Keep"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class CheckpointAttribute : Attribute
    {
        /// <summary>Epochs between checkpoints; 0 = not by epoch (then <see cref="EverySteps"/> must be set).</summary>
        public int EveryEpochs { get; set; } = SslDefaults.CheckpointEveryEpochs;

        /// <summary>Optimizer steps (not batches: see gradient accumulation) between checkpoints; 0 = not by step.</summary>
        public int EverySteps { get; set; } = SslDefaults.CheckpointEverySteps;

        /// <summary>Folder of the checkpoints, relative to the working directory unless rooted.</summary>
        public string Directory { get; set; } = SslDefaults.CheckpointDirectory;

        /// <summary>How many checkpoints to keep: the newest; older ones are deleted.</summary>
        public int Keep { get; set; } = SslDefaults.CheckpointKeep;
    }
}
