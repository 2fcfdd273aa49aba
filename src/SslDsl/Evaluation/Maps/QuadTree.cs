using System;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// The Barnes–Hut quadtree of a 2-D t-SNE map: each cell knows how many points it holds and their centre of mass, so
    /// that a far cell's repulsion on a point is one Student-t term instead of one per point. Nodes are structs in one
    /// array that is rebuilt every iteration and reused across iterations (no allocation once it has grown); after
    /// <see cref="Build"/> the tree is read-only and <see cref="Repulsion"/> may run for many points in parallel.
    /// </summary>
    internal sealed class QuadTree
    {
        /// <summary>Subdivision depth after which distinct points share a leaf (cells 2⁻⁴⁸ of the map wide: coincident for t-SNE).</summary>
        private const int MaxDepth = 48;

        /// <summary>Pending nodes of one traversal: each internal node popped pushes 4, so at most 3 per level + 4.</summary>
        private const int StackSize = 3 * (MaxDepth + 2) + 4;

        private Node[] nodes = new Node[64];
        private int used;
        private int[] leafOf = Array.Empty<int>();

        /// <summary>Nodes in the tree now (for tests).</summary>
        internal int NodeCount => used;

        /// <summary>(Re)builds the tree of the points <paramref name="y"/>, interleaved x₀, y₀, x₁, y₁, ….</summary>
        internal void Build(ReadOnlySpan<double> y)
        {
            int n = y.Length / 2;
            double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                minX = Math.Min(minX, y[2 * i]);
                maxX = Math.Max(maxX, y[2 * i]);
                minY = Math.Min(minY, y[2 * i + 1]);
                maxY = Math.Max(maxY, y[2 * i + 1]);
            }

            // A square root cell with a little margin, so that no point sits on its far edge.
            double half = Math.Max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-12;
            used = 0;
            NewNode((minX + maxX) / 2, (minY + maxY) / 2, half);
            for (int i = 0; i < n; i++)
            {
                Insert(i, y);
            }

            for (int node = 0; node < used; node++)
            {
                ref Node cell = ref nodes[node];
                if (cell.Count > 0)
                {
                    cell.MassX /= cell.Count;
                    cell.MassY /= cell.Count;
                }
            }

            if (leafOf.Length != n)
            {
                leafOf = new int[n];
            }

            for (int i = 0; i < n; i++)
            {
                int node = 0;
                while (nodes[node].FirstChild >= 0)
                {
                    node = nodes[node].FirstChild + Quadrant(in nodes[node], y[2 * i], y[2 * i + 1]);
                }

                leafOf[i] = node;
            }
        }

        /// <summary>
        /// Σ_j w_ij with w_ij = (1 + ‖y_i − y_j‖²)⁻¹ over all points j ≠ i (the return value, point i's share of t-SNE's
        /// normaliser Z), and Σ_j w_ij² (y_i − y_j) (the unnormalised repulsion, into <paramref name="forceX"/>,
        /// <paramref name="forceY"/>), a cell standing for all its points where side / distance &lt; <paramref name="theta"/>
        /// (θ = 0: exact). The traversal order is fixed, so the sums are bit-identical however points are scheduled.
        /// </summary>
        internal double Repulsion(int i, ReadOnlySpan<double> y, double theta, out double forceX, out double forceY)
        {
            double px = y[2 * i], py = y[2 * i + 1];
            double theta2 = theta * theta;
            double z = 0, fx = 0, fy = 0;
            Span<int> stack = stackalloc int[StackSize];
            int top = 0;
            stack[top++] = 0;
            int own = leafOf[i];
            while (top > 0)
            {
                int node = stack[--top];
                ref readonly Node cell = ref nodes[node];
                int count = node == own ? cell.Count - 1 : cell.Count; // i itself is no neighbour of i
                if (count == 0)
                {
                    continue;
                }

                double dx = px - cell.MassX, dy = py - cell.MassY;
                double d2 = dx * dx + dy * dy;
                double side = 2 * cell.Half;
                if (cell.FirstChild < 0 || side * side < theta2 * d2)
                {
                    double w = 1 / (1 + d2);
                    z += count * w;
                    double m = count * w * w;
                    fx += m * dx;
                    fy += m * dy;
                }
                else
                {
                    for (int c = 3; c >= 0; c--)
                    {
                        stack[top++] = cell.FirstChild + c;
                    }
                }
            }

            forceX = fx;
            forceY = fy;
            return z;
        }

        private void Insert(int i, ReadOnlySpan<double> y)
        {
            double px = y[2 * i], py = y[2 * i + 1];
            int node = 0;
            for (int depth = 0; ; depth++)
            {
                ref Node cell = ref nodes[node];
                cell.Count++;
                cell.MassX += px;
                cell.MassY += py;
                if (cell.FirstChild >= 0)
                {
                    node = cell.FirstChild + Quadrant(in cell, px, py);
                    continue;
                }

                if (cell.Count == 1)
                {
                    cell.Point = i;
                    return;
                }

                // An occupied leaf: coincident points (or cells too small to matter) share it; otherwise split it and move
                // its group of coincident points down one level, then go on with i.
                double qx = y[2 * cell.Point], qy = y[2 * cell.Point + 1];
                if ((qx == px && qy == py) || depth >= MaxDepth)
                {
                    return;
                }

                int group = cell.Count - 1, point = cell.Point;
                int first = Split(node); // may reallocate: no ref across it
                ref Node parent = ref nodes[node];
                parent.Point = -1;
                ref Node moved = ref nodes[first + Quadrant(in parent, qx, qy)];
                moved.Count = group;
                moved.MassX = group * qx;
                moved.MassY = group * qy;
                moved.Point = point;
                node = first + Quadrant(in parent, px, py);
            }
        }

        private int Split(int node)
        {
            int first = used;
            Node parent = nodes[node];
            double quarter = parent.Half / 2;
            NewNode(parent.CentreX - quarter, parent.CentreY - quarter, quarter);
            NewNode(parent.CentreX + quarter, parent.CentreY - quarter, quarter);
            NewNode(parent.CentreX - quarter, parent.CentreY + quarter, quarter);
            NewNode(parent.CentreX + quarter, parent.CentreY + quarter, quarter);
            nodes[node].FirstChild = first;
            return first;
        }

        private void NewNode(double centreX, double centreY, double half)
        {
            if (used == nodes.Length)
            {
                Array.Resize(ref nodes, nodes.Length * 2);
            }

            nodes[used++] = new Node { CentreX = centreX, CentreY = centreY, Half = half, FirstChild = -1, Point = -1 };
        }

        /// <summary>Child 0–3 of a cell that holds (x, y): bit 0 east, bit 1 north (the same rule in Build and Insert).</summary>
        private static int Quadrant(in Node cell, double x, double y) => (x >= cell.CentreX ? 1 : 0) + (y >= cell.CentreY ? 2 : 0);

        /// <summary>A cell: its square (centre, half side), its points' count and centre of mass, its children or its point.</summary>
        private struct Node
        {
            public double MassX, MassY, CentreX, CentreY, Half;
            public int Count, FirstChild, Point;
        }
    }
}
