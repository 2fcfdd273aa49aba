namespace SslDsl.Evaluation
{
    /// <summary>How <see cref="Tsne.Map"/> computes the gradient.</summary>
    public enum TsneMethod
    {
        /// <summary>
        /// Barnes–Hut on the CPU (faster there from a few hundred points on: docs/tsne.md); exact for features on an
        /// accelerator up to <see cref="Tsne.MaxPoints"/> points, where dense tensor work is cheap.
        /// </summary>
        Auto,

        /// <summary>All N² pairs on TorchSharp tensors (dense affinities, exact gradient); at most <see cref="Tsne.MaxPoints"/> points.</summary>
        Exact,

        /// <summary>Sparse nearest-neighbour affinities and a quadtree for the repulsion (approximate, O(N log N) per step).</summary>
        BarnesHut,
    }
}
