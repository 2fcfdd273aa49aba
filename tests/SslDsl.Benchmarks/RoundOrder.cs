using System;
using System.Linq;

namespace SslDsl.Benchmarks;

/// <summary>In which order the sides of a comparison run in each round.</summary>
public static class RoundOrder
{
    /// <summary>
    /// The order of <paramref name="count"/> sides in round <paramref name="round"/>: rotated by one every two rounds and
    /// reversed every other round, so that over the rounds each side runs early and late and after different
    /// neighbours (machine load that drifts within a round then hits every side alike).
    /// </summary>
    public static int[] Of(int count, int round)
    {
        int shift = count == 0 ? 0 : round / 2 % count;
        int[] order = Enumerable.Range(0, count).Select(i => (i + shift) % count).ToArray();
        if (round % 2 == 1) Array.Reverse(order);
        return order;
    }
}
