using System;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// The names the generated partial declares on the experiment class, and how its file is named: the emitter writes
    /// them, and SSL0029 keeps user members from taking them.
    /// </summary>
    internal static class GeneratedNames
    {
        /// <summary>The nested trainer class.</summary>
        public const string Trainer = "Trainer";

        /// <summary>The static factory of the trainer.</summary>
        public const string CreateTrainer = "CreateTrainer";

        /// <summary>How every generated file's name ends (<c>Namespace.Class.SslTrainer.g.cs</c>).</summary>
        public const string FileSuffix = ".SslTrainer.g.cs";

        /// <summary>Every member the generated partial adds to the experiment class.</summary>
        public static readonly string[] Members = { Trainer, CreateTrainer };

        /// <summary>
        /// Whether a syntax tree is the generator's own output: analyzers see it beside the user's code, and its
        /// members are not the user's.
        /// </summary>
        public static bool IsGeneratedFile(string? path) => path is not null && path.EndsWith(FileSuffix, StringComparison.Ordinal);
    }
}
