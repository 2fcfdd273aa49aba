using System.Linq;
using System;
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
}
