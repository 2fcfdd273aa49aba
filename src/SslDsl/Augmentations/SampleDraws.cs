using System;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Augmentations
{
    /// <summary>
    /// The random draws of augmentations and masking, made so that a sample's draws depend on its place in the global
    /// batch, not on the rank that holds it. Alone, a draw is the plain <c>torch.rand</c>/<c>randn</c>/<c>randint</c> of
    /// the shape asked for. Inside <see cref="ForRows"/> (the trainer enters it on every rank of a data-parallel job),
    /// a per-sample draw of shape <c>[k·n, …]</c> — k stacked views of this rank's n rows — draws the global batch's
    /// <c>[k·N, …]</c> and keeps this rank's rows of every view: every rank's generator stays in step with the others
    /// (all are seeded alike), and rank r's sample i gets exactly what one process gives global sample r·n + i.
    /// Dense per-element noise (<see cref="DenseNormal"/>) would cost N/n times the batch, so on ranks it comes from
    /// the scope's own per-rank stream instead: distributed as alone, not equal to it.
    /// </summary>
    public static class SampleDraws
    {
        [ThreadStatic]
        private static RowWindow window;

        /// <summary>
        /// Until disposed, draws on this thread are for rows <paramref name="first"/> … first + count − 1 of a global
        /// batch of <paramref name="global"/> rows (per view); <paramref name="dense"/> supplies per-element noise.
        /// </summary>
        public static Scope ForRows(long first, long count, long global, Generator dense)
        {
            ArgumentNullException.ThrowIfNull(dense);
            if (count <= 0 || first < 0 || first + count > global)
            {
                throw new ArgumentOutOfRangeException(nameof(first), $"rows {first}…{first + count - 1} are not rows of a global batch of {global}");
            }

            RowWindow previous = window;
            window = new RowWindow(first, count, global, dense);
            return new Scope(previous, entered: true);
        }

        /// <summary>U[0, 1) of <paramref name="shape"/>, whose first dimension counts samples (of one or more views).</summary>
        public static Tensor Uniform(long[] shape, Generator generator, Device device, ScalarType dtype = ScalarType.Float32) =>
            Draw(shape, generator, device, dtype, Kind.Uniform, 0);

        /// <summary>N(0, 1) of <paramref name="shape"/>, whose first dimension counts samples.</summary>
        public static Tensor Normal(long[] shape, Generator generator, Device device, ScalarType dtype = ScalarType.Float32) =>
            Draw(shape, generator, device, dtype, Kind.Normal, 0);

        /// <summary>Uniform integers in [0, <paramref name="high"/>) (int64) of <paramref name="shape"/>, whose first dimension counts samples.</summary>
        public static Tensor Integers(long high, long[] shape, Generator generator, Device device) =>
            Draw(shape, generator, device, ScalarType.Int64, Kind.Integers, high);

        /// <summary>
        /// Per-element N(0, 1) noise of a data tensor's shape: from <paramref name="generator"/> alone, from the
        /// per-rank stream inside <see cref="ForRows"/>.
        /// </summary>
        public static Tensor DenseNormal(long[] shape, Generator generator, Device device, ScalarType dtype)
        {
            Generator source = window.Dense ?? generator;
            return randn(shape, dtype: dtype, device: device, generator: source);
        }

        private static Tensor Draw(long[] shape, Generator generator, Device device, ScalarType dtype, Kind kind, long high)
        {
            RowWindow rows = window;
            if (rows.Dense is null || shape.Length == 0 || shape[0] % rows.Count != 0)
            {
                return Single(shape, generator, device, dtype, kind, high);
            }

            long views = shape[0] / rows.Count;
            long[] globalShape = (long[])shape.Clone();
            globalShape[0] = views * rows.Global;
            long[] split = new long[shape.Length + 1];
            split[0] = views;
            split[1] = rows.Global;
            Array.Copy(shape, 1, split, 2, shape.Length - 1);
            using var scope = NewDisposeScope();
            Tensor all = Single(globalShape, generator, device, dtype, kind, high);
            return all.view(split).narrow(1, rows.First, rows.Count).reshape(shape).MoveToOuterDisposeScope();
        }

        private static Tensor Single(long[] shape, Generator generator, Device device, ScalarType dtype, Kind kind, long high) => kind switch
        {
            Kind.Uniform => rand(shape, dtype: dtype, device: device, generator: generator),
            Kind.Normal => randn(shape, dtype: dtype, device: device, generator: generator),
            _ => randint(0, high, shape, dtype: ScalarType.Int64, device: device, generator: generator),
        };

        private enum Kind
        {
            Uniform,
            Normal,
            Integers,
        }

        internal readonly record struct RowWindow(long First, long Count, long Global, Generator? Dense);

        /// <summary>Restores the draws of the enclosing scope (or plain draws) when disposed; <c>default</c> does nothing.</summary>
        public readonly struct Scope : IDisposable
        {
            private readonly RowWindow previous;
            private readonly bool entered;

            internal Scope(RowWindow previous, bool entered)
            {
                this.previous = previous;
                this.entered = entered;
            }

            public void Dispose()
            {
                if (entered)
                {
                    window = previous;
                }
            }
        }
    }
}
