using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace SslDsl.IO
{
    /// <summary>
    /// Writes a file so that readers see the old contents or the new, never a part: a temporary file in the same folder
    /// (short name <c>.ssldsl-PID-RANDOM.tmp</c>, so that any legal target name works), flushed to disk, then renamed
    /// over the target. Temporary files left by writers that were killed (their process is gone) are removed.
    /// </summary>
    public static class AtomicFile
    {
        private const string TempPrefix = ".ssldsl-";
        private const string TempSuffix = ".tmp";

        public static void Write(string path, Action<FileStream> write)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath)!;
            Directory.CreateDirectory(directory);
            RemoveAbandonedTemporaries(directory);
            string temp = Path.Combine(directory, TempPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8] + TempSuffix);
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16))
                {
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, fullPath, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        /// <summary>Deletes temporary files of writers whose process no longer runs (a SIGKILL mid-save leaves one).</summary>
        public static void RemoveAbandonedTemporaries(string directory)
        {
            if (!Directory.Exists(directory))
            {
                return;
            }

            foreach (string file in Directory.EnumerateFiles(directory, TempPrefix + "*" + TempSuffix))
            {
                string name = Path.GetFileName(file);
                int dash = name.IndexOf('-', TempPrefix.Length);
                if (dash < 0 || !int.TryParse(name.AsSpan(TempPrefix.Length, dash - TempPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsRunning(pid))
                {
                    continue;
                }

                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // another process cleaned it up first
                }
            }
        }

        private static bool IsRunning(int pid)
        {
            if (pid == Environment.ProcessId)
            {
                return true; // our own writes clean up after themselves
            }

            try
            {
                using Process process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
