using System;
using System.Linq;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training;

public sealed class InputTensorsTests
{
    [Fact]
    public void BytesBecomeFloatsInTheUnitInterval()
    {
        using Tensor bytes = tensor(new byte[] { 0, 51, 255 });
        using Tensor result = InputTensors.ToDevice(bytes, CPU);
        Assert.Equal(ScalarType.Float32, result.dtype);
        Assert.Equal(new[] { 0f, 0.2f, 1f }, result.data<float>().ToArray());
    }

    [Theory]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int16)]
    public void IntegerTokenIdsBecomeInt64Unchanged(ScalarType type)
    {
        using Tensor ids = tensor(new long[] { 0, 7, 30000 }).to_type(type);
        using Tensor result = InputTensors.ToDevice(ids, CPU);
        Assert.Equal(ScalarType.Int64, result.dtype);
        Assert.Equal(new long[] { 0, 7, 30000 }, result.data<long>().ToArray());
    }

    [Fact]
    public void FloatWindowsStayValuesAsFloat32()
    {
        using Tensor windows = tensor(new double[] { -3.5, 0.25, 12.0 });
        using Tensor result = InputTensors.ToDevice(windows, CPU);
        Assert.Equal(ScalarType.Float32, result.dtype);
        Assert.Equal(new[] { -3.5f, 0.25f, 12f }, result.data<float>().ToArray());
    }

    [Fact]
    public void TokenIdBatchesStayInt64()
    {
        using Tensor ids = tensor(new int[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        using Tensor result = InputTensors.ToDevice(ids, CPU);
        Assert.Equal(ScalarType.Int64, result.dtype);
        Assert.Equal(new long[] { 2, 3 }, result.shape);
    }

    [Theory]
    [InlineData(ScalarType.Int32, "images are int32 [2, 1, 3, 3]; pass uint8 (0-255) or floating point in [0, 1]")]
    [InlineData(ScalarType.Int64, "images are int64 [2, 1, 3, 3]; pass uint8 (0-255) or floating point in [0, 1]")]
    [InlineData(ScalarType.Int16, "images are int16 [2, 1, 3, 3]; pass uint8 (0-255) or floating point in [0, 1]")]
    [InlineData(ScalarType.Bool, "images are bool [2, 1, 3, 3]; pass uint8 (0-255) or floating point in [0, 1]")]
    public void IntegerImagesAreRejectedRatherThanScaledWrong(ScalarType type, string message)
    {
        using Tensor images = full(new long[] { 2, 1, 3, 3 }, 200).to_type(type);
        var ex = Assert.Throws<ArgumentException>(() => InputTensors.ToDevice(images, CPU));
        Assert.Equal("data", ex.ParamName);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntegerWindowsAreRejected()
    {
        using Tensor windows = zeros(new long[] { 2, 3, 8 }, dtype: ScalarType.Int32);
        var ex = Assert.Throws<ArgumentException>(() => InputTensors.ToDevice(windows, CPU));
        Assert.StartsWith("windows are int32 [2, 3, 8]; pass floating point", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFiniteNamesTheFirstBadSampleAndCountsValuesAndSamples()
    {
        using var scope = NewDisposeScope();
        Tensor data = zeros(new long[] { 8, 3, 4 }, dtype: ScalarType.Float64);
        data[3, 0, 1] = tensor(double.NaN);
        data[5, 2, 3] = tensor(double.PositiveInfinity);
        data[5, 1, 0] = tensor(double.NegativeInfinity);

        var ex = Assert.Throws<ArgumentException>(() => InputTensors.CheckFinite(data, "images"));

        Assert.Equal("images", ex.ParamName);
        Assert.StartsWith("images holds 3 non-finite value(s) (NaN or ±Inf) in 2 of 8 sample(s); the first is sample 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFiniteCountsAcrossChunks()
    {
        // 2^21 values per sample: the 4 Mi-element chunks hold 2 samples, so samples 1 and 2 fall into different chunks.
        using var scope = NewDisposeScope();
        Tensor data = zeros(new long[] { 3, 1 << 21 });
        data[1, 5] = tensor(float.NaN);
        data[2, 0] = tensor(float.NaN);
        data[2, (1 << 21) - 1] = tensor(float.NaN);

        var ex = Assert.Throws<ArgumentException>(() => InputTensors.CheckFinite(data, "windows"));

        Assert.StartsWith("windows holds 3 non-finite value(s) (NaN or ±Inf) in 2 of 3 sample(s); the first is sample 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFiniteAcceptsFiniteFloatsAndAnyIntegers()
    {
        using var scope = NewDisposeScope();
        InputTensors.CheckFinite(rand(new long[] { 4, 3 }).mul(1e30), "a");
        InputTensors.CheckFinite(full(new long[] { 4, 3 }, 255).to_type(ScalarType.Byte), "b");
        InputTensors.CheckFinite(tensor(new[] { long.MaxValue, long.MinValue }), "c");
        InputTensors.CheckFinite(tensor(2.5f), "d");
        var ex = Assert.Throws<ArgumentException>(() => InputTensors.CheckFinite(tensor(float.NaN), "e"));
        Assert.StartsWith("e holds 1 non-finite value(s) (NaN or ±Inf) in 1 of 1 sample(s); the first is sample 0", ex.Message, StringComparison.Ordinal);
    }
}
