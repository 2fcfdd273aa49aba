using System;
using System.IO;
using System.IO.Hashing;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>Forwards writes to a stream and hashes them on the way (the checkpoint body's checksum in one pass).</summary>
    internal sealed class HashingStream : Stream
    {
        private readonly Stream inner;
        private readonly XxHash64 hash = new();

        public HashingStream(Stream inner) => this.inner = inner;

        public long Written { get; private set; }

        public ulong Checksum => hash.GetCurrentHashAsUInt64();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.Append(buffer);
            inner.Write(buffer);
            Written += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void WriteByte(byte value) => Write(stackalloc byte[] { value });

        public override void Flush() => inner.Flush();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
