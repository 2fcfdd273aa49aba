namespace SslDsl.Evaluation
{
    /// <summary>How <see cref="Tsne.Map"/> computes the gradient.</summary>
    public enum TsneMethod
    {
        /// <summary>Exact up to <see cref="Tsne.ExactThreshold"/> points, Barnes–Hut beyond (whichever is faster there).</summary>
        Auto,

        /// <summary>All N² pairs on TorchSharp tensors (dense affinities, exact gradient); at most <see cref="Tsne.MaxPoints"/> points.</summary>
        Exact,

        /// <summary>Sparse nearest-neighbour affinities and a quadtree for the repulsion (approximate, O(N log N) per step).</summary>
        BarnesHut,
    }
}
