using System;

namespace SslDsl.Distributed
{
    /// <summary>Argument checks shared by the process groups.</summary>
    internal static class ProcessGroupChecks
    {
        /// <summary>The collective timeout to use (<paramref name="timeout"/>, else the default 30 s); it must be positive.</summary>
        public static TimeSpan Timeout(TimeSpan? timeout, string paramName = "timeout")
        {
            TimeSpan wait = timeout ?? MpiProcessGroup.DefaultTimeout;
            return wait > TimeSpan.Zero ? wait : throw new ArgumentOutOfRangeException(paramName, wait, "the collective timeout must be positive");
        }

        public static void Root(int root, int size)
        {
            if (root < 0 || root >= size)
            {
                throw new ArgumentOutOfRangeException(nameof(root), root, $"the broadcast root must be a rank, 0 … {size - 1}");
            }
        }
    }
}
