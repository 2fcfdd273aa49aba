namespace SslDsl.Encoders
{
    /// <summary>An encoder that maps a batch to <c>[B, OutputDim]</c> embeddings.</summary>
    public interface IEncoder
    {
        /// <summary>Size of the embedding the encoder produces.</summary>
        int OutputDim { get; }
    }
}
