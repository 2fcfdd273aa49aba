using System;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Settings of <see cref="Tsne"/> (van der Maaten &amp; Hinton 2008, with the defaults of scikit-learn ≥ 1.2 and
    /// openTSNE: PCA initialisation, early exaggeration 12 for 250 iterations, learning rate max(N / 12 / 4, 50)).
    /// </summary>
    /// <param name="Perplexity">Effective number of neighbours each point keeps (5–50); must be below the point count.</param>
    /// <param name="Iterations">Gradient steps in total, early exaggeration included.</param>
    /// <param name="EarlyExaggeration">Factor on the affinities during the first <paramref name="ExaggerationIterations"/> steps (forms clusters early).</param>
    /// <param name="ExaggerationIterations">Steps with exaggeration (and momentum 0.5; 0.8 after).</param>
    /// <param name="LearningRate">Step size; null for scikit-learn's "auto", max(N / exaggeration / 4, 50).</param>
    /// <param name="Seed">Seed of the tiny noise added to the PCA start (ties between identical points).</param>
    /// <param name="Method">Exact or Barnes–Hut gradients; <see cref="TsneMethod.Auto"/>: Barnes–Hut on the CPU, exact on an accelerator.</param>
    /// <param name="Theta">Barnes–Hut accuracy: a quadtree cell whose side is below θ times its distance counts as one
    /// point (0: exact repulsion, slow; 0.5: the usual trade-off; larger: faster, coarser).</param>
    public sealed record TsneOptions(
        double Perplexity = 30,
        int Iterations = 1000,
        double EarlyExaggeration = 12,
        int ExaggerationIterations = 250,
        double? LearningRate = null,
        int Seed = 0,
        TsneMethod Method = TsneMethod.Auto,
        double Theta = 0.5)
    {
        internal void Validate(long points)
        {
            if (!(Perplexity >= 1) || Perplexity >= points)
            {
                throw new ArgumentOutOfRangeException(nameof(Perplexity), Perplexity, $"t-SNE perplexity must be >= 1 and below the number of points ({points})");
            }

            if (Iterations < 1 || ExaggerationIterations < 0 || ExaggerationIterations > Iterations)
            {
                throw new ArgumentOutOfRangeException(nameof(Iterations), $"t-SNE needs Iterations >= 1 and 0 <= ExaggerationIterations <= Iterations (got {Iterations}, {ExaggerationIterations})");
            }

            if (!(EarlyExaggeration >= 1) || LearningRate is { } rate && !(rate > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(EarlyExaggeration), $"t-SNE needs EarlyExaggeration >= 1 and LearningRate > 0 (got {EarlyExaggeration}, {LearningRate})");
            }

            if (!(Theta >= 0) || double.IsInfinity(Theta))
            {
                throw new ArgumentOutOfRangeException(nameof(Theta), Theta, "t-SNE needs a finite Barnes–Hut Theta >= 0");
            }

            if (!Enum.IsDefined(Method))
            {
                throw new ArgumentOutOfRangeException(nameof(Method), Method, "t-SNE Method must be Auto, Exact or BarnesHut");
            }
        }
    }
}
