using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>Bit-for-bit comparisons: same shape, dtype and every element equal.</summary>
internal static class Exactly
{
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    public static bool Same(IEnumerable<Tensor> expected, IEnumerable<Tensor> actual)
    {
        Tensor[] a = expected.ToArray(), b = actual.ToArray();
        return a.Length == b.Length && a.Zip(b).All(p => Same(p.First, p.Second));
    }
}
