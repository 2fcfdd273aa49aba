using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using SslDsl.IO;
using System.Text;
using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>
    /// Checkpoint files (<see cref="CheckpointFormat"/>): written atomically (a short temporary name in the same folder,
    /// flushed to disk, renamed over the target; leftovers of killed writers removed), read in two passes (the
    /// checksum over the whole body first, then every entry into staging) so that a truncated, corrupt or forged file
    /// is rejected with a message naming the file and the problem before anything is applied.
    /// </summary>
    public static class CheckpointFile
    {
        /// <summary>Writes what <paramref name="write"/> records, for <paramref name="experiment"/>, to <paramref name="path"/> atomically.</summary>
        public static void Save(string path, string experiment, Action<StateWriter> write)
        {
            var entries = new FileStateWriter();
            try
            {
                write(entries);
                AtomicFile.Write(path, stream => WriteFile(stream, experiment, entries));
            }
            finally
            {
                entries.Dispose();
            }
        }

        /// <summary>
        /// Reads and verifies <paramref name="path"/> into staging. Throws <see cref="FileNotFoundException"/> or
        /// <see cref="InvalidDataException"/> (not a checkpoint, other format version, other experiment, truncated,
        /// checksum mismatch, malformed entry, non-finite values) before returning anything.
        /// </summary>
        public static StateReader Read(string path, string experiment)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            ulong checksum = ReadHeader(stream, path);
            VerifyChecksum(stream, path, checksum);
            stream.Position = CheckpointFormat.HeaderLength;
            return FileStateReader.Parse(stream, path, experiment);
        }

        private static void WriteFile(Stream file, string experiment, FileStateWriter entries)
        {
            file.Write(new byte[CheckpointFormat.HeaderLength]); // filled in once the body's length and checksum are known
            var body = new HashingStream(file);
            using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(experiment);
                entries.WriteTo(writer);
            }

            Span<byte> header = stackalloc byte[CheckpointFormat.HeaderLength];
            CheckpointFormat.Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], CheckpointFormat.Version);
            BinaryPrimitives.WriteInt64LittleEndian(header[16..], body.Written);
            BinaryPrimitives.WriteUInt64LittleEndian(header[24..], body.Checksum);
            file.Position = 0;
            file.Write(header);
        }

        private static ulong ReadHeader(FileStream stream, string path)
        {
            Span<byte> header = stackalloc byte[CheckpointFormat.HeaderLength];
            int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < CheckpointFormat.Magic.Length || !header[..CheckpointFormat.Magic.Length].SequenceEqual(CheckpointFormat.Magic))
            {
                throw new InvalidDataException($"'{path}' is not an SslDsl checkpoint (no SSLDSLCK header)");
            }

            if (read < header.Length)
            {
                throw new InvalidDataException($"checkpoint '{path}' is truncated (header of {read} of {header.Length} bytes)");
            }

            int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (version != CheckpointFormat.Version)
            {
                throw new InvalidDataException($"checkpoint '{path}' has format version {version}; this SslDsl reads version {CheckpointFormat.Version}");
            }

            long bodyLength = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
            long actual = stream.Length - CheckpointFormat.HeaderLength;
            if (bodyLength != actual)
            {
                throw new InvalidDataException(actual < bodyLength
                    ? $"checkpoint '{path}' is truncated ({actual} of {bodyLength} body bytes)"
                    : $"checkpoint '{path}' has {actual - bodyLength} bytes after its end");
            }

            return BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        }

        private static void VerifyChecksum(FileStream stream, string path, ulong expected)
        {
            var hash = new System.IO.Hashing.XxHash64();
            byte[] buffer = new byte[1 << 20];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
            }

            if (hash.GetCurrentHashAsUInt64() != expected)
            {
                throw new InvalidDataException($"checkpoint '{path}' is corrupt: its checksum does not match its contents");
            }
        }
    }
}
