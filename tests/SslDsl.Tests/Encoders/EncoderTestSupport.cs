using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Encoders;

/// <remarks>
/// Channel counts in these tests are multiples of 16: on the AVX-512 test machine the CPU convolution of this
/// LibTorch build returns wrong values (sometimes NaN) for other channel counts, which is not what these tests are about.
/// </remarks>
internal static class EncoderTestSupport
{
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>Uniform [0, 1) inputs from their own seeded generator.</summary>
    public static Tensor RandomInput(ulong seed, params long[] shape)
    {
        using var generator = new Generator(seed);
        return rand(shape, generator: generator);
    }

    /// <summary>
    /// Backward of a random linear functional of the output; returns the names of parameters whose gradient is
    /// missing, non-finite or all zero.
    /// </summary>
    public static string[] ParametersWithoutGradient(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        using var scope = NewDisposeScope();
        module.train();
        Tensor output = module.call(input);
        Tensor weights = RandomInput(99, output.shape).sub(0.5);
        output.mul(weights).sum().backward();
        return module.named_parameters()
            .Where(np => np.parameter.grad is null
                || !np.parameter.grad.isfinite().all().item<bool>()
                || np.parameter.grad.abs().max().item<float>() == 0)
            .Select(np => np.name + (np.parameter.grad is null ? " (none)" : !np.parameter.grad.isfinite().all().item<bool>() ? " (not finite)" : " (all zero)"))
            .ToArray();
    }

    /// <summary>
    /// Output for sample 0 when it is batched with samples 1, 2 versus with samples 3, 4: the largest difference.
    /// </summary>
    public static double BatchCompositionEffect(nn.Module<Tensor, Tensor> module, Tensor five)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor a = module.call(five.index_select(0, tensor(new long[] { 0, 1, 2 })))[0];
        Tensor b = module.call(five.index_select(0, tensor(new long[] { 0, 3, 4 })))[0];
        return a.sub(b).abs().max().item<float>();
    }
}
