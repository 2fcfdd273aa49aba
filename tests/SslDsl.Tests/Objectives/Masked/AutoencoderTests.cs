using System;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using static SslDsl.Tests.Objectives.Masked.MaskedTestSupport;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

public sealed class AutoencoderTests
{
    [Fact]
    public void LossIsTheMeanSquaredErrorOverAllElements()
    {
        using var scope = NewDisposeScope();
        double[] x = RandomDoubles(1, 2 * 3 * 4);
        double[] y = RandomDoubles(2, 2 * 3 * 4);
        long[] shape = { 2, 3, 4 };
        Tensor reconstruction = tensor(x, shape, requires_grad: true);
        Tensor input = tensor(y, shape, requires_grad: true);

        Tensor loss = AutoencoderLoss.Compute(reconstruction, input);
        loss.backward();

        double expected = x.Zip(y, (a, b) => (a - b) * (a - b)).Average();
        Assert.Equal(expected, loss.item<double>(), 1e-12);
        double[] grad = ToDoubles(reconstruction.grad!);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(2 * (x[i] - y[i]) / x.Length, grad[i], 1e-12);
        }

        Assert.Null(input.grad);
    }

    [Fact]
    public void MismatchedShapesAreRejectedInsteadOfBroadcast()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => AutoencoderLoss.Compute(zeros(4, 1, 8), zeros(4, 8)));
        Assert.Contains("[4, 1, 8]", ex.Message);
        Assert.Throws<ArgumentException>(() => AutoencoderLoss.Compute(zeros(0, 3), zeros(0, 3)));
    }

    [Fact]
    public void LinearDecoderIsOneLinearMapReshapedToTheOutputShape()
    {
        using var scope = NewDisposeScope();
        using var decoder = new LinearDecoder(5, new[] { 2, 3, 4 });
        using var generator = new Generator(3);
        Tensor embedding = rand(new long[] { 7, 5 }, generator: generator);

        Tensor output = decoder.call(embedding);

        Assert.Equal(new long[] { 7, 2, 3, 4 }, output.shape);
        Assert.Equal(24, decoder.OutputSize);
        var parameters = decoder.parameters().ToArray();
        Assert.Equal(2, parameters.Length);
        Tensor expected = embedding.matmul(parameters[0].t()).add(parameters[1]).view(7, 2, 3, 4);
        Assert.True(output.sub(expected).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void LinearDecoderRejectsBadShapes()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new LinearDecoder(5, Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => new LinearDecoder(5, new[] { 3, 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearDecoder(0, new[] { 3 }));
        using var decoder = new LinearDecoder(5, new[] { 3 });
        Assert.Throws<ArgumentException>(() => decoder.call(zeros(2, 5, 1)));
    }

    [Fact]
    public void AnEncoderPlusLinearDecoderLearnsToReconstruct()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        // 16 images of 1x4x4 on a 3-dimensional subspace: a width-4 bottleneck can reconstruct them
        Tensor images = rand(new long[] { 16, 3 }, generator: generator).matmul(rand(new long[] { 3, 16 }, generator: generator)).view(16, 1, 4, 4);
        using var encoder = nn.Sequential(nn.Flatten(), nn.Linear(16, 4));
        using var decoder = new LinearDecoder(4, new[] { 1, 4, 4 });
        var parameters = encoder.parameters().Concat(decoder.parameters()).ToArray();
        using var optimizer = optim.Adam(parameters, lr: 0.02);

        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = AutoencoderLoss.Compute(decoder.call(encoder.call(images)), images);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0)
            {
                first = last;
            }
        }

        Assert.True(last < first * 0.05, $"reconstruction loss {first} → {last}");
    }
}
