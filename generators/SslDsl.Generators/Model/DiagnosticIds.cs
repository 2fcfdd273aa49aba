namespace SslDsl.Generators.Model
{
    /// <summary>Diagnostic IDs (the public contract, see docs/diagnostics) shared by rules, analyzers and code fixes.</summary>
    internal static class DiagnosticIds
    {
        public const string NotPartial = "SSL0001";
        public const string EncoderCount = "SSL0002";
        public const string ObjectiveCount = "SSL0003";
        public const string InputCount = "SSL0004";
        public const string TooFewViews = "SSL0005";
        public const string OutOfRange = "SSL0006";
        public const string QueueNotMultipleOfBatch = "SSL0007";
        public const string MissingComponent = "SSL0011";
        public const string GeneratorFailure = "SSL9999";

        /// <summary>Warnings; every other ID is an error.</summary>
        public static bool IsError(string id) => id switch
        {
            "SSL0013" or "SSL0014" or "SSL0015" or "SSL0017" => false,
            _ => true,
        };
    }
}
