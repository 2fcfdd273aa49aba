using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>
    /// An in-memory copy of a trainer's state on its own device (the non-finite guard's "last finite state"). Buffers
    /// are allocated on the first write and reused by later ones, so taking a snapshot every window allocates nothing.
    /// </summary>
    public sealed class StateSnapshot : StateWriter, IDisposable
    {
        private readonly Dictionary<string, object> values = new(StringComparer.Ordinal);

        /// <summary>Whether anything has been written.</summary>
        public bool IsEmpty => values.Count == 0;

        public override void Tensor(string key, Tensor value)
        {
            if (values.GetValueOrDefault(key) is Tensor buffer && buffer.dtype == value.dtype && buffer.device == value.device && buffer.shape.AsSpan().SequenceEqual(value.shape))
            {
                using (no_grad())
                {
                    buffer.copy_(value);
                }

                return;
            }

            (values.GetValueOrDefault(key) as Tensor)?.Dispose();
            values[key] = value.detach().clone().DetachFromDisposeScope();
        }

        public override void Int64(string key, long value) => values[key] = value;

        public override void Double(string key, double value) => values[key] = value;

        public override void Text(string key, string value) => values[key] = value;

        /// <summary>A reader over the snapshot (valid until the next write; disposing it keeps the snapshot).</summary>
        public StateReader Reader(string source) => new SnapshotReader(values, source);

        public void Dispose()
        {
            foreach (object value in values.Values)
            {
                (value as Tensor)?.Dispose();
            }

            values.Clear();
        }

        private sealed class SnapshotReader : StateReader
        {
            private readonly Dictionary<string, object> values;

            public SnapshotReader(Dictionary<string, object> values, string source)
            {
                this.values = values;
                Source = source;
            }

            public override string Source { get; }

            public override IEnumerable<string> Keys => values.Keys;

            protected override Tensor? FindTensor(string key) => values.GetValueOrDefault(key) as Tensor;

            protected override long? FindInt64(string key) => values.GetValueOrDefault(key) is long l ? l : null;

            protected override double? FindDouble(string key) => values.GetValueOrDefault(key) is double d ? d : null;

            protected override string? FindText(string key) => values.GetValueOrDefault(key) as string;

            public override void Dispose()
            {
                // the snapshot owns the tensors
            }
        }
    }
}
