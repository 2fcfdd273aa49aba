using System;
using System.Collections.Generic;
using System.Linq;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// Thrown when a weight file does not fit the encoder: every missing entry, unexpected entry and shape mismatch in
    /// one message (and in <see cref="Missing"/>, <see cref="Unexpected"/>, <see cref="ShapeMismatches"/>). Nothing
    /// was changed: the file is checked completely before any value is copied. An <see cref="ArgumentException"/> for
    /// <c>path</c>, as <see cref="Training.SslTrainer.LoadEncoderWeights"/> throws for an encoder of another layout.
    /// </summary>
    public sealed class PretrainedWeightsMismatchException : ArgumentException
    {
        /// <summary>Lists shown per kind in the message; the properties hold them all.</summary>
        private const int Shown = 20;

        internal PretrainedWeightsMismatchException(string subject, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapeMismatches)
            : base(Describe(subject, missing, unexpected, shapeMismatches), "path")
        {
            Missing = missing;
            Unexpected = unexpected;
            ShapeMismatches = shapeMismatches;
        }

        /// <summary>Encoder entries the file lacks: <c>file name (encoder: our name)</c>.</summary>
        public IReadOnlyList<string> Missing { get; }

        /// <summary>File entries the encoder has no place for (after prefix stripping), with the reason where one is known.</summary>
        public IReadOnlyList<string> Unexpected { get; }

        /// <summary>Entries of both with different shapes: <c>file name (encoder: our name): expected [..] got [..]</c>, expected being the encoder's.</summary>
        public IReadOnlyList<string> ShapeMismatches { get; }

        private static string Describe(string subject, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapeMismatches)
        {
            string List(string title, IReadOnlyList<string> entries) =>
                entries.Count == 0 ? "" :
                $"\n{title} ({entries.Count}):\n  " + string.Join("\n  ", entries.Take(Shown)) + (entries.Count > Shown ? $"\n  … and {entries.Count - Shown} more" : "");
            return $"{subject} does not fit; nothing was changed."
                + List("missing", missing)
                + List("unexpected", unexpected)
                + List("shape mismatches", shapeMismatches);
        }
    }
}
