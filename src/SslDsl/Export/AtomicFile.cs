using System;
using System.IO;

namespace SslDsl.Export
{
    /// <summary>
    /// Writes a file atomically: into a temporary file in the same folder (same file system, so the rename is atomic),
    /// flushed to disk, then renamed over the target. A crash or an exception while writing leaves the old file (or
    /// none), never a truncated one, and no temporary file behind.
    /// </summary>
    /// <remarks>CheckpointFile and the plot writers follow the same recipe with their own copies (other owners).</remarks>
    internal static class AtomicFile
    {
        internal static void Write(string path, Action<Stream> write)
        {
            string fullPath = Path.GetFullPath(path);
            string folder = Path.GetDirectoryName(fullPath)!;
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"the folder of '{path}' ({folder}) does not exist");
            }

            string temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
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
    }
}
