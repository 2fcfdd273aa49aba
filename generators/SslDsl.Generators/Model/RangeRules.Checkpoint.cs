using System.Collections.Generic;
using System.Globalization;
using System.Linq;

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

        private static void CheckCheckpoint(AttributeModel attribute, List<RuleViolation> found)
        {
            if (attribute.Name != "Checkpoint")
            {
                return;
            }

            // Each alone is in range at 0; both at 0 would never save. Negative values are reported by their own range.
            if (attribute.Number("EveryEpochs", SslDefaults.CheckpointEveryEpochs) == 0 && attribute.Number("EverySteps", SslDefaults.CheckpointEverySteps) == 0)
            {
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, ExperimentRules.WrittenArgument(attribute, "EveryEpochs", "EverySteps"),
                    "[Checkpoint] EveryEpochs = 0 and EverySteps = 0 never save a checkpoint: set EveryEpochs or EverySteps >= 1"));
            }

            if (attribute.Argument("Directory") is { } directory && DirectoryProblem(directory.Value.Text) is { } problem)
            {
                string shown = directory.Value.Text is null ? "null" : directory.Value.Display;
                found.Add(new RuleViolation(DiagnosticIds.OutOfRange, attribute.Index, "Directory",
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
