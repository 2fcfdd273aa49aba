using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>Collects the entries of a checkpoint (tensors as contiguous CPU copies) and writes them in order.</summary>
    internal sealed class FileStateWriter : StateWriter, IDisposable
    {
        private readonly List<(string Key, EntryKind Kind, object Value)> entries = new();
        private readonly HashSet<string> keys = new(StringComparer.Ordinal);

        public override void Tensor(string key, Tensor value)
        {
            Tensor copy = value.detach().to(CPU).contiguous().DetachFromDisposeScope();
            if (ReferenceEquals(copy, value))
            {
                copy = value.alias().DetachFromDisposeScope(); // own a handle so that Dispose never frees the caller's tensor
            }

            Add(key, EntryKind.Tensor, copy);
        }

        public override void Int64(string key, long value) => Add(key, EntryKind.Int64, value);

        public override void Double(string key, double value) => Add(key, EntryKind.Double, value);

        public override void Text(string key, string value) => Add(key, EntryKind.Text, value);

        public void WriteTo(BinaryWriter writer)
        {
            writer.Write(entries.Count);
            foreach ((string key, EntryKind kind, object value) in entries)
            {
                writer.Write(key);
                writer.Write((byte)kind);
                switch (value)
                {
                    case Tensor t:
                        WriteTensor(writer, t);
                        break;
                    case long l:
                        writer.Write(l);
                        break;
                    case double d:
                        writer.Write(d);
                        break;
                    case string s:
                        writer.Write(s);
                        break;
                }
            }
        }

        public void Dispose()
        {
            foreach ((_, _, object value) in entries)
            {
                (value as Tensor)?.Dispose();
            }

            entries.Clear();
        }

        private void Add(string key, EntryKind kind, object value)
        {
            if (!keys.Add(key))
            {
                throw new InvalidOperationException($"checkpoint key '{key}' written twice");
            }

            entries.Add((key, kind, value));
        }

        private static void WriteTensor(BinaryWriter writer, Tensor t)
        {
            writer.Write((byte)t.dtype);
            writer.Write((byte)t.dim());
            foreach (long size in t.shape)
            {
                writer.Write(size);
            }

            long byteLength = t.numel() * t.element_size();
            writer.Write(byteLength);
            if (byteLength > 0)
            {
                writer.Write(t.bytes);
            }
        }
    }
}
