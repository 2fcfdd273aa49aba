using System;
using System.Linq;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Training;

public sealed class ImageTensorsTests
{
    [Fact]
    public void BytesBecomeFloat32DividedBy255()
    {
        using var scope = NewDisposeScope();
        Tensor bytes = tensor(new byte[] { 0, 51, 128, 255 });

        Tensor result = ImageTensors.ToDeviceFloat(bytes, CPU);

        Assert.Equal(ScalarType.Float32, result.dtype);
        Assert.Equal(new[] { 0f, 0.2f, 128f / 255f, 1f }, result.data<float>().ToArray());
    }

    [Fact]
    public void FloatsKeepTheirValuesAsFloat32()
    {
        using var scope = NewDisposeScope();
        Tensor doubles = tensor(new[] { 0.25, 0.5, 1.0 });

        Tensor result = ImageTensors.ToDeviceFloat(doubles, CPU);

        Assert.Equal(ScalarType.Float32, result.dtype);
        Assert.Equal(new[] { 0.25f, 0.5f, 1f }, result.data<float>().ToArray());
    }

    [Theory]
    [InlineData(ScalarType.Int32, "int32")]
    [InlineData(ScalarType.Int64, "int64")]
    [InlineData(ScalarType.Int16, "int16")]
    public void IntegerImagesAreRejectedWithWhatToPass(ScalarType type, string name)
    {
        using var scope = NewDisposeScope();
        Tensor images = full(new long[] { 1, 1, 2, 2 }, 128).to_type(type);

        var ex = Assert.Throws<ArgumentException>(() => ImageTensors.ToDeviceFloat(images, CPU));

        Assert.Equal("images", ex.ParamName);
        Assert.StartsWith($"images are {name}; pass uint8 (0-255) or floating point in [0, 1]", ex.Message, StringComparison.Ordinal);
    }
}
