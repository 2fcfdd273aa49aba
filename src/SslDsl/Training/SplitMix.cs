namespace SslDsl.Training
{
    /// <summary>SplitMix64 of (seed, index): well-spread, distinct seeds for neighbouring indices and runs.</summary>
    internal static class SplitMix
    {
        public static long Seed(long seed, long index)
        {
            unchecked
            {
                ulong z = ((ulong)seed * 0x9E3779B97F4A7C15UL) + (ulong)index + 0x632BE59BD9B4E019UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return (long)((z ^ (z >> 31)) & long.MaxValue);
            }
        }
    }
}
