namespace SslDsl.Generators.Model
{
    internal static partial class RangeRules
    {
        /// <summary>SSL0006 ranges of the sequence/token inputs, the non-CNN encoders and the reconstruction-style objectives.</summary>
        private static readonly Range[] ModelRanges =
        {
        };
    }
}
