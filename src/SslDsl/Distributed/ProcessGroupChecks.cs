using System;

namespace SslDsl.Distributed
{
    /// <summary>Argument checks shared by the process groups.</summary>
    internal static class ProcessGroupChecks
    {
        public static void Root(int root, int size)
        {
            if (root < 0 || root >= size)
            {
                throw new ArgumentOutOfRangeException(nameof(root), root, $"the broadcast root must be a rank, 0 … {size - 1}");
            }
        }
    }
}
