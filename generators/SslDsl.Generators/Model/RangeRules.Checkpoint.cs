using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>SSL0006 for [Checkpoint] beyond its single-number ranges: when to save, and where.</summary>
    internal static partial class RangeRules
    {
        /// <summary>
        /// Characters no path may hold on Windows (<c>Path.GetInvalidPathChars()</c> there, plus the wildcards): a fixed
        /// list, not the build machine's, so that the same source compiles everywhere.
        /// </summary>
        private static readonly char[] InvalidPathChars =
            new[] { '"', '<', '>', '|', '*', '?' }.Concat(Enumerable.Range(0, 32).Select(c => (char)c)).ToArray();

        private static void CheckCheckpoint(AttributeModel attribute, WrittenSpec written, List<RuleViolation> found)
        {
            if (written.Spec is not CheckpointSpec checkpoint)
            {
                return;
            }

            // Each alone is in range at 0; both at 0 would never save. Negative values are reported by their own range.
            if (checkpoint.EveryEpochs == 0 && checkpoint.EverySteps == 0)
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, written.Index, written.FirstWritten(nameof(checkpoint.EveryEpochs), nameof(checkpoint.EverySteps)),
                    "[Checkpoint] EveryEpochs = 0 and EverySteps = 0 never save a checkpoint: set EveryEpochs or EverySteps >= 1"));
            }

            // The spec holds the default in place of a written null, so the directory is read as written.
            if (attribute.Argument(nameof(checkpoint.Directory)) is { } directory && DirectoryProblem(directory.Value.Text) is { } problem)
            {
                string shown = directory.Value.Text is null ? "null" : directory.Value.Display;
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, nameof(checkpoint.Directory),
                    $"[Checkpoint] Directory = {shown} is out of range: Directory {problem}"));
            }
        }

        private static string? DirectoryProblem(string? directory)
        {
            if (string.IsNullOrWhiteSpace(directory))
            {
                return "must name a folder (not empty or white space)";
            }

            int at = directory!.IndexOfAny(InvalidPathChars);
            if (at < 0)
            {
                return null;
            }

            char bad = directory[at];
            string shown = bad < ' ' ? "U+" + ((int)bad).ToString("X4", CultureInfo.InvariantCulture) : "'" + bad + "'";
            return $"must not contain {shown}: it is not allowed in paths on Windows";
        }
    }
}
