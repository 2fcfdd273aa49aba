using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>
    /// Staged checkpoint values, already checked against the file they came from. The typed getters check that a key
    /// exists with the expected kind, dtype and shape, and throw <see cref="InvalidDataException"/> naming the key and
    /// the source otherwise. Keys that no part asked for are reported by <see cref="ThrowOnUnusedKeys"/>.
    /// </summary>
    public abstract class StateReader : IDisposable
    {
        private readonly HashSet<string> used = new(StringComparer.Ordinal);

        /// <summary>Where the values came from, for messages (a file path, or "the last finite state").</summary>
        public abstract string Source { get; }

        public abstract IEnumerable<string> Keys { get; }

        public bool Contains(string key) => Keys.Contains(key, StringComparer.Ordinal);

        /// <summary>The staged tensor under <paramref name="key"/>; it must have exactly this dtype and shape.</summary>
        public Tensor Tensor(string key, ReadOnlySpan<long> shape, ScalarType dtype)
        {
            Tensor staged = TensorOfAnyShape(key, dtype);
            if (!staged.shape.AsSpan().SequenceEqual(shape))
            {
                throw Invalid($"'{key}' has shape [{string.Join(", ", staged.shape)}], this trainer needs [{string.Join(", ", shape.ToArray())}]");
            }

            return staged;
        }

        /// <summary>The staged tensor under <paramref name="key"/> with this dtype, any shape (e.g. a loss curve).</summary>
        public Tensor TensorOfAnyShape(string key, ScalarType dtype)
        {
            Tensor staged = FindTensor(key) ?? throw Missing(key, "tensor");
            if (staged.dtype != dtype)
            {
                throw Invalid($"'{key}' is {staged.dtype}, this trainer needs {dtype}");
            }

            used.Add(key);
            return staged;
        }

        public long Int64(string key)
        {
            long value = FindInt64(key) ?? throw Missing(key, "integer");
            used.Add(key);
            return value;
        }

        /// <summary>An integer that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
        public long Int64(string key, long min, long max)
        {
            long value = Int64(key);
            if (value < min || value > max)
            {
                throw Invalid($"'{key}' is {value}, outside [{min}, {max}]");
            }

            return value;
        }

        public double Double(string key)
        {
            double value = FindDouble(key) ?? throw Missing(key, "number");
            used.Add(key);
            return value;
        }

        public string Text(string key)
        {
            string value = FindText(key) ?? throw Missing(key, "text");
            used.Add(key);
            return value;
        }

        /// <summary>The staged value under <paramref name="key"/> as stored — a tensor, long, double or string — for inspecting a checkpoint.</summary>
        public object Raw(string key) =>
            (object?)FindTensor(key) ?? FindInt64(key) ?? FindDouble(key) ?? (object?)FindText(key) ?? throw Invalid($"has no '{key}'");

        /// <summary>A checkpoint with values no part of this trainer reads was written by a different experiment layout.</summary>
        public void ThrowOnUnusedKeys()
        {
            string[] unused = Keys.Where(k => !used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            if (unused.Length > 0)
            {
                throw Invalid($"holds {unused.Length} value(s) this trainer does not have: {string.Join(", ", unused.Take(5))}{(unused.Length > 5 ? ", ..." : "")}");
            }
        }

        /// <summary>An error about this source's contents.</summary>
        public InvalidDataException Invalid(string problem) => new($"checkpoint '{Source}' {problem}");

        protected abstract Tensor? FindTensor(string key);

        protected abstract long? FindInt64(string key);

        protected abstract double? FindDouble(string key);

        protected abstract string? FindText(string key);

        public abstract void Dispose();

        private InvalidDataException Missing(string key, string kind) =>
            Contains(key) ? Invalid($"holds '{key}' but not as a {kind}") : Invalid($"has no '{key}' ({kind})");
    }
}
