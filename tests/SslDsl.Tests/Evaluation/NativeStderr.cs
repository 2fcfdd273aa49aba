using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SslDsl.Tests.Evaluation;

/// <summary>
/// Captures what native code writes to file descriptor 2 (libtorch's warnings go to std::cerr, which
/// Console.SetError cannot see): dup2 points fd 2 at a temporary file around the action. Linux (glibc) only,
/// as the native runtime of these tests. The whole process's stderr goes to the file meanwhile.
/// </summary>
internal static class NativeStderr
{
    internal static string Capture(Action action)
    {
        string path = Path.GetTempFileName();
        try
        {
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
            {
                int saved = dup(2);
                if (saved < 0)
                {
                    throw new IOException($"dup(2) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                try
                {
                    if (dup2((int)file.SafeFileHandle.DangerousGetHandle(), 2) < 0)
                    {
                        throw new IOException($"dup2 to fd 2 failed: errno {Marshal.GetLastPInvokeError()}");
                    }

                    action();
                }
                finally
                {
                    dup2(saved, 2);
                    close(saved);
                }
            }

            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int dup(int fd);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int dup2(int oldFd, int newFd);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int close(int fd);
}
