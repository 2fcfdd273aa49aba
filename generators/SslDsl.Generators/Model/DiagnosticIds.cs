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
        public const string PatchSizeDoesNotDivideImage = "SSL0008";
        public const string AugmentationModality = "SSL0009";
        public const string LargerThanInput = "SSL0010";
        public const string MissingComponent = "SSL0011";
        public const string ObjectiveIncompatible = "SSL0012";
        public const string SmallContrastiveBatch = "SSL0013";
        public const string FineTuneMultipliers = "SSL0014";
        public const string ColorOnOneChannel = "SSL0015";
        public const string WrongShape = "SSL0016";
        public const string DuplicateAugmentation = "SSL0017";
        public const string EncoderInput = "SSL0018";
        public const string ViewDeclaration = "SSL0019";
        public const string UnusedHead = "SSL0020";
        public const string PredictorOutput = "SSL0021";
        public const string ForecastWindow = "SSL0022";
        public const string TokenIds = "SSL0023";
        public const string Masking = "SSL0024";
        public const string ViewSize = "SSL0025";
        public const string WarmupTooLong = "SSL0026";
        public const string OptimizerCount = "SSL0027";
        public const string GenericExperiment = "SSL0028";
        public const string GeneratedMemberName = "SSL0029";
        public const string UnsupportedPrecision = "SSL0030";
        public const string SyncBatchNormWithoutBatchNorm = "SSL0031";
        public const string DinoTeacherNotSharper = "SSL0032";
        public const string DistillTeacher = "SSL0033";
        public const string GeneratorFailure = "SSL9999";

        /// <summary>Warnings; every other ID is an error.</summary>
        public static bool IsError(string id) => id switch
        {
            SmallContrastiveBatch or FineTuneMultipliers or ColorOnOneChannel or DuplicateAugmentation or UnusedHead or WarmupTooLong or SyncBatchNormWithoutBatchNorm or DinoTeacherNotSharper => false,
            _ => true,
        };
    }
}
