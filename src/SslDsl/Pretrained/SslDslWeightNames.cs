namespace SslDsl.Pretrained
{
    /// <summary><see cref="WeightLayout.SslDsl"/>: the file uses the encoder's own names.</summary>
    internal sealed class SslDslWeightNames : WeightNames
    {
        public override string? ToEncoder(string fileKey) => fileKey;

        public override string ToFile(string encoderKey) => encoderKey;
    }
}
