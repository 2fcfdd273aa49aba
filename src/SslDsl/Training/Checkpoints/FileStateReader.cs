using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>
    /// The entries of a verified checkpoint body, staged on the CPU. Parsing checks every count and length against
    /// the bytes left in the file before allocating, so a forged length fails with a message instead of an
    /// out-of-memory; floating-point tensors must be finite.
    /// </summary>
    internal sealed class FileStateReader : StateReader
    {
        private readonly string path;
        private readonly Dictionary<string, object> entries = new(StringComparer.Ordinal);

        private FileStateReader(string path) => this.path = path;

        public override string Source => path;

        public override IEnumerable<string> Keys => entries.Keys;

        public static FileStateReader Parse(Stream stream, string path, string experiment)
        {
            var reader = new FileStateReader(path);
            try
            {
                using var binary = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
                string saved = reader.ReadString(binary, stream);
                if (saved != experiment)
                {
                    throw new InvalidDataException($"checkpoint '{path}' belongs to experiment '{saved}', not '{experiment}'");
                }

                int count = binary.ReadInt32();
                if (count < 0 || count > Remaining(stream))
                {
                    throw reader.Invalid($"declares {count} entries in {Remaining(stream)} bytes");
                }

                for (int i = 0; i < count; i++)
                {
                    string key = reader.ReadString(binary, stream);
                    object value = (EntryKind)binary.ReadByte() switch
                    {
                        EntryKind.Tensor => reader.ReadTensor(binary, stream, key),
                        EntryKind.Int64 => binary.ReadInt64(),
                        EntryKind.Double => binary.ReadDouble(),
                        EntryKind.Text => reader.ReadString(binary, stream),
                        EntryKind kind => throw reader.Invalid($"has an entry '{key}' of unknown kind {(byte)kind}"),
                    };
                    if (!reader.entries.TryAdd(key, value))
                    {
                        (value as Tensor)?.Dispose();
                        throw reader.Invalid($"holds '{key}' twice");
                    }
                }

                if (Remaining(stream) != 0)
                {
                    throw reader.Invalid($"has {Remaining(stream)} bytes after its last entry");
                }

                return reader;
            }
            catch (EndOfStreamException ex)
            {
                reader.Dispose();
                throw new InvalidDataException($"checkpoint '{path}' is truncated inside an entry", ex);
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }

        protected override Tensor? FindTensor(string key) => entries.GetValueOrDefault(key) as Tensor;

        protected override long? FindInt64(string key) => entries.GetValueOrDefault(key) is long l ? l : null;

        protected override double? FindDouble(string key) => entries.GetValueOrDefault(key) is double d ? d : null;

        protected override string? FindText(string key) => entries.GetValueOrDefault(key) as string;

        public override void Dispose()
        {
            foreach (object value in entries.Values)
            {
                (value as Tensor)?.Dispose();
            }

            entries.Clear();
        }

        private static long Remaining(Stream stream) => stream.Length - stream.Position;

        private string ReadString(BinaryReader binary, Stream stream)
        {
            int length = binary.Read7BitEncodedInt();
            if (length < 0 || length > Remaining(stream))
            {
                throw Invalid($"declares a string of {length} bytes with {Remaining(stream)} left");
            }

            return Encoding.UTF8.GetString(binary.ReadBytes(length));
        }

        private Tensor ReadTensor(BinaryReader binary, Stream stream, string key)
        {
            var dtype = (ScalarType)binary.ReadByte();
            int elementSize = ElementSize(dtype) ?? throw Invalid($"'{key}' has unsupported dtype code {(int)dtype}");
            int rank = binary.ReadByte();
            if (rank > CheckpointFormat.MaxRank)
            {
                throw Invalid($"'{key}' declares rank {rank}");
            }

            var shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = binary.ReadInt64();
                if (shape[d] < 0 || (shape[d] > 0 && elements > long.MaxValue / shape[d]))
                {
                    throw Invalid($"'{key}' declares dimension {shape[d]}");
                }

                elements *= shape[d];
            }

            long byteLength = binary.ReadInt64();
            if (elements > long.MaxValue / elementSize || byteLength != elements * elementSize)
            {
                throw Invalid($"'{key}' declares {byteLength} bytes for shape [{string.Join(", ", shape)}] of {dtype}");
            }

            if (byteLength > Remaining(stream))
            {
                throw Invalid($"'{key}' declares {byteLength} bytes with {Remaining(stream)} left");
            }

            Tensor staged = empty(shape, dtype).DetachFromDisposeScope();
            try
            {
                if (byteLength > 0)
                {
                    stream.ReadExactly(staged.bytes);
                }

                using (NewDisposeScope())
                {
                    if (staged.is_floating_point() && !staged.isfinite().all().item<bool>())
                    {
                        throw Invalid($"holds non-finite values in '{key}'");
                    }
                }

                return staged;
            }
            catch
            {
                staged.Dispose();
                throw;
            }
        }

        private static int? ElementSize(ScalarType dtype) => dtype switch
        {
            ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
            ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
            ScalarType.Int32 or ScalarType.Float32 => 4,
            ScalarType.Int64 or ScalarType.Float64 => 8,
            _ => null,
        };
    }
}
