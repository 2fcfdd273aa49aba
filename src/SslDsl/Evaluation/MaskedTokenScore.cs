using System;

namespace SslDsl.Evaluation
{
    /// <summary>Scores at the selected positions of a masked-language-model evaluation.</summary>
    /// <param name="MaskedTokens">Positions scored.</param>
    /// <param name="Accuracy">Share of them whose original token is the top-1 prediction.</param>
    /// <param name="CrossEntropy">Mean negative log-likelihood of the original tokens, in nats.</param>
    public sealed record MaskedTokenScore(long MaskedTokens, double Accuracy, double CrossEntropy)
    {
        /// <summary>exp(<see cref="CrossEntropy"/>): the masked-token perplexity.</summary>
        public double Perplexity => Math.Exp(CrossEntropy);
    }
}
