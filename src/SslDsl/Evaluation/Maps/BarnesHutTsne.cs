using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Barnes–Hut t-SNE (van der Maaten 2014): attraction over the sparse nearest-neighbour affinities, repulsion from a
    /// quadtree where a far cell counts as one point, O(N log N) per iteration instead of O(N²). The optimiser is the one
    /// of the exact method and of the reference implementation (bhtsne): momentum 0.5 then 0.8, delta-bar-delta gains,
    /// early exaggeration; the map is re-centred after each step. Managed float64 arithmetic, one point per parallel work
    /// item with nothing shared between points, so a seed gives the same map bit for bit however threads are scheduled.
    /// </summary>
    internal static class BarnesHutTsne
    {
        /// <summary>Points per parallel work item: enough to outweigh the scheduling, small enough to balance 2–16 cores.</summary>
        private const int Block = 256;

        /// <summary>Optimises the map <paramref name="y"/> (N × 2, interleaved, the start on entry) in place.</summary>
        internal static void Optimise(SparseAffinities p, double[] y, TsneOptions options)
        {
            int n = p.Points;
            double rate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4.0, 50.0);
            var gradient = new double[2 * n];
            var update = new double[2 * n];
            var gains = new double[2 * n];
            Array.Fill(gains, 1.0);
            var workspace = new Workspace(n);
            for (int iteration = 0; iteration < options.Iterations; iteration++)
            {
                bool exaggerated = iteration < options.ExaggerationIterations;
                Gradient(p, y, options.Theta, exaggerated ? options.EarlyExaggeration : 1, workspace, gradient);
                double momentum = exaggerated ? 0.5 : 0.8;
                for (int k = 0; k < y.Length; k++)
                {
                    // delta-bar-delta gains: grow where the gradient keeps pointing against the last update, shrink elsewhere
                    gains[k] = Math.Sign(gradient[k]) != Math.Sign(update[k]) ? gains[k] + 0.2 : Math.Max(gains[k] * 0.8, 0.01);
                    update[k] = momentum * update[k] - rate * gains[k] * gradient[k];
                    y[k] += update[k];
                }

                Centre(y);
            }
        }

        /// <summary>
        /// ∂KL(P‖Q)/∂y_i = 4 [exaggeration · Σ_j p_ij w_ij (y_i − y_j) − Σ_j w_ij² (y_i − y_j) / Z], w_ij = (1 + ‖y_i − y_j‖²)⁻¹,
        /// Z = Σ_{k≠l} w_kl: the first sum over the stored affinities, the second and Z from the quadtree with <paramref name="theta"/>.
        /// </summary>
        internal static void Gradient(SparseAffinities p, double[] y, double theta, double exaggeration, Workspace workspace, double[] gradient)
        {
            int n = p.Points;
            workspace.Tree.Build(y);
            double[] z = workspace.Z, repulsion = workspace.Repulsion;
            Parallel.ForEach(Partitioner.Create(0, n, Block), range =>
            {
                ReadOnlySpan<int> starts = p.RowStarts, columns = p.Columns;
                ReadOnlySpan<double> values = p.Values;
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    z[i] = workspace.Tree.Repulsion(i, y, theta, out repulsion[2 * i], out repulsion[2 * i + 1]);
                    double ax = 0, ay = 0, xi = y[2 * i], yi = y[2 * i + 1];
                    for (int e = starts[i]; e < starts[i + 1]; e++)
                    {
                        int j = columns[e];
                        double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                        double pw = values[e] / (1 + dx * dx + dy * dy);
                        ax += pw * dx;
                        ay += pw * dy;
                    }

                    gradient[2 * i] = ax;
                    gradient[2 * i + 1] = ay;
                }
            });

            double total = 0; // in point order, not per thread: the same Z on every run
            for (int i = 0; i < n; i++)
            {
                total += z[i];
            }

            for (int k = 0; k < gradient.Length; k++)
            {
                gradient[k] = 4 * (exaggeration * gradient[k] - repulsion[k] / total);
            }
        }

        private static void Centre(double[] y)
        {
            int n = y.Length / 2;
            double sumX = 0, sumY = 0;
            for (int i = 0; i < n; i++)
            {
                sumX += y[2 * i];
                sumY += y[2 * i + 1];
            }

            for (int i = 0; i < n; i++)
            {
                y[2 * i] -= sumX / n;
                y[2 * i + 1] -= sumY / n;
            }
        }

        /// <summary>What one gradient needs besides its inputs, allocated once per map.</summary>
        internal sealed class Workspace
        {
            internal Workspace(int points)
            {
                Z = new double[points];
                Repulsion = new double[2 * points];
            }

            internal QuadTree Tree { get; } = new();

            internal double[] Z { get; }

            internal double[] Repulsion { get; }
        }
    }
}
