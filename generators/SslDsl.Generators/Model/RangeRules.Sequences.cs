namespace SslDsl.Generators.Model
{
    internal static partial class RangeRules
    {
        /// <summary>SSL0006 ranges of the sensor (sequence) and token augmentations.</summary>
        private static readonly Range[] SequenceRanges =
        {
        };
    }
}
