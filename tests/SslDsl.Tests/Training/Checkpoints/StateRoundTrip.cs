using System;
using System.IO;
using SslDsl.Training.Checkpoints;

namespace SslDsl.Tests.Training.Checkpoints;

/// <summary>Writes a checkpoint part to a real checkpoint file and stages it into another part, as a trainer's Save and Load do.</summary>
internal static class StateRoundTrip
{
    public static void Through(ICheckpointState saved, ICheckpointState restored, string prefix = "part.")
    {
        string path = Path.Combine(Path.GetTempPath(), "ssldsl-roundtrip-" + Guid.NewGuid().ToString("N") + ".ckpt");
        try
        {
            CheckpointFile.Save(path, "test", w => saved.Write(w, prefix));
            using StateReader reader = CheckpointFile.Read(path, "test");
            Action apply = restored.Stage(reader, prefix);
            reader.ThrowOnUnusedKeys();
            apply();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
