using System;
using System.IO;

namespace SslDsl.Training
{
    /// <summary>
    /// Writes checkpoints atomically (temporary file in the same folder, flushed, then renamed over the target), so a
    /// crash never leaves a half-written checkpoint; reads check the header and name the problem when it is wrong.
    /// </summary>
    public static class CheckpointFile
    {
        private const string Magic = "SSLDSL-CHECKPOINT";
        private const int FormatVersion = 1;

        public static void Save(string path, string experiment, Action<BinaryWriter> writeBody)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath)!;
            Directory.CreateDirectory(directory);
            string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new BinaryWriter(stream))
                {
                    writer.Write(Magic);
                    writer.Write(FormatVersion);
                    writer.Write(experiment);
                    writeBody(writer);
                    writer.Flush();
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

        public static void Load(string path, string experiment, Action<BinaryReader> readBody)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
            }

            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            string magic;
            try
            {
                magic = reader.ReadString();
            }
            catch (Exception ex) when (ex is EndOfStreamException or IOException)
            {
                throw new InvalidDataException($"'{path}' is not an SslDsl checkpoint (no header)", ex);
            }

            if (magic != Magic)
            {
                throw new InvalidDataException($"'{path}' is not an SslDsl checkpoint (header '{magic}')");
            }

            try
            {
                int version = reader.ReadInt32();
                if (version != FormatVersion)
                {
                    throw new InvalidDataException($"checkpoint '{path}' has format version {version}; this SslDsl reads version {FormatVersion}");
                }

                string savedExperiment = reader.ReadString();
                if (savedExperiment != experiment)
                {
                    throw new InvalidDataException($"checkpoint '{path}' belongs to experiment '{savedExperiment}', not '{experiment}'");
                }

                readBody(reader);
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidDataException($"checkpoint '{path}' is truncated", ex);
            }
        }
    }
}
