using System.Collections.Generic;

namespace SslDsl.Training.Progress
{
    /// <summary>Cuts a line into rows of exactly <c>width</c> characters (folded at spaces where it can, padded with spaces).</summary>
    internal static class ConsoleRows
    {
        public static IEnumerable<string> Of(string line, int width)
        {
            if (width < 1)
            {
                yield return line;
                yield break;
            }

            string rest = line;
            while (rest.Length > width)
            {
                int cut = rest.LastIndexOf(' ', width);
                if (cut <= 0)
                {
                    cut = width; // one long word: break it
                }

                yield return rest[..cut].PadRight(width);
                rest = rest[cut..].TrimStart(' ');
            }

            yield return rest.PadRight(width);
        }
    }
}
