using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace SslDsl.Benchmarks;

/// <summary>
/// Tensors handed to pytorch_step.py as raw little-endian float32 (concatenated, in order), so that PyTorch starts
/// from the same weights and steps on the same batch as the .NET sides.
/// </summary>
public static class WeightsFile
{
    public static void Write(string path, IEnumerable<Tensor> tensors)
    {
        using var file = File.Create(path);
        foreach (Tensor t in tensors)
        {
            using Tensor values = t.detach().to(ScalarType.Float32).cpu().contiguous();
            file.Write(values.bytes);
        }
    }

    /// <summary>The shapes, for the script to check against its own modules.</summary>
    public static JsonArray Shapes(IEnumerable<Tensor> tensors) =>
        new(tensors.Select(t => (JsonNode)new JsonArray(t.shape.Select(d => (JsonNode)d).ToArray())).ToArray());
}
