using System.Text;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>
    /// The checkpoint file layout (version 2). A fixed 32-byte header: magic <c>SSLDSLCK</c>, int32 format version,
    /// int32 zero, int64 body length, uint64 XxHash64 of the body; then the body: the experiment name, an entry count
    /// and the entries (key, kind, payload; a tensor is dtype, rank, dimensions, byte length and raw bytes). Every
    /// length is checked against what is left of the file before anything is allocated.
    /// </summary>
    internal static class CheckpointFormat
    {
        public const int Version = 2;
        public const int HeaderLength = 32;
        public const int MaxRank = 16;
        public static readonly byte[] Magic = Encoding.ASCII.GetBytes("SSLDSLCK");
    }

    /// <summary>What an entry holds.</summary>
    internal enum EntryKind : byte
    {
        Tensor = 1,
        Int64 = 2,
        Double = 3,
        Text = 4,
    }
}
