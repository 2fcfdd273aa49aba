using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// The off-diagonal entries of square matrices as a view, without a mask: the trick of the Barlow Twins and
    /// VICReg reference code (<c>x.flatten()[:-1].view(n - 1, n + 1)[:, 1:]</c>). Flattened row-major, every diagonal
    /// entry sits n + 1 places after the previous one, so dropping the last element and folding rows of n + 1 puts
    /// every diagonal entry in column 0.
    /// </summary>
    internal static class OffDiagonal
    {
        /// <summary><c>[..., D, D]</c> (contiguous) to <c>[B, D − 1, D]</c>, B the product of the leading dims.</summary>
        public static Tensor Of(Tensor square)
        {
            long d = square.shape[^1];
            Tensor flat = square.reshape(-1, d * d);
            return flat.narrow(1, 0, (d * d) - 1).reshape(flat.shape[0], d - 1, d + 1).narrow(2, 1, d);
        }
    }
}
