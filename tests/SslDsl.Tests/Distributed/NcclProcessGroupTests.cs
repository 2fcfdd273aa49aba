using System;
using System.Linq;
using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Tests.Distributed;

/// <summary>
/// What of the NCCL process group runs without a GPU: the error when NCCL is missing, the checks that run before NCCL
/// or MPI are touched, the bootstrap id's encoding, nccl.h's data types and version codes.
/// </summary>
public sealed class NcclProcessGroupTests
{
    [Fact]
    public void WithoutNcclTheGroupSaysWhatToInstallElseTheLibraryIsNccl2()
    {
        NcclNative.Api? nccl = NcclNative.TryGet();
        if (nccl is null)
        {
            Assert.Equal(NcclNative.NotFoundMessage, NcclNative.LoadError);
            var error = Assert.Throws<InvalidOperationException>(() => NcclProcessGroup.FromLauncher(device: 0));
            Assert.StartsWith("libnccl.so.2 (NCCL 2.x) was not found: install NCCL", error.Message);
            Assert.Contains("apt-get install libnccl2", error.Message);
            Assert.Contains("conda install -c conda-forge nccl", error.Message);
            Assert.Contains("-p:SslDslTorchBackend=cuda", error.Message);
            Assert.Contains("TorchSharp-cuda-linux", error.Message);
        }
        else
        {
            // A machine with NCCL: the library bound is NCCL 2 and new enough for the timeout's abort.
            Assert.Null(NcclNative.LoadError);
            Assert.Equal(2, nccl.Version.Major);
            Assert.True(nccl.Version >= NcclNative.MinimumVersion, $"NCCL {nccl.Version}");
            if (!torch.cuda.is_available())
            {
                var error = Assert.Throws<InvalidOperationException>(() => NcclProcessGroup.FromLauncher(device: 0));
                Assert.Contains("torch.cuda.is_available() is false", error.Message);
            }
        }
    }

    [Fact]
    public void RequirementsAreCheckedInTheOrderAUserFixesThem()
    {
        Assert.Equal("why", Assert.Throws<InvalidOperationException>(() => NcclProcessGroup.CheckRequirements(false, "why", true, 1, 0)).Message);
        Assert.Equal(NcclNative.NotFoundMessage, Assert.Throws<InvalidOperationException>(() => NcclProcessGroup.CheckRequirements(false, null, false, 0, 5)).Message);

        var noCuda = Assert.Throws<InvalidOperationException>(() => NcclProcessGroup.CheckRequirements(true, null, false, 0, 0));
        Assert.StartsWith("CUDA is not available to TorchSharp (torch.cuda.is_available() is false)", noCuda.Message);
        Assert.Contains("-p:SslDslTorchBackend=cuda", noCuda.Message);
        Assert.Contains("TorchSharp-cuda-linux 0.107.0", noCuda.Message);

        var tooHigh = Assert.Throws<ArgumentOutOfRangeException>(() => NcclProcessGroup.CheckRequirements(true, null, true, 2, 2));
        Assert.Equal("device", tooHigh.ParamName);
        Assert.Contains("the CUDA device must be 0 … 1 (this process sees 2)", tooHigh.Message);
        Assert.Contains("OMPI_COMM_WORLD_LOCAL_RANK", tooHigh.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => NcclProcessGroup.CheckRequirements(true, null, true, 2, -1));

        NcclProcessGroup.CheckRequirements(true, null, true, 2, 1); // the last device is fine
    }

    [Fact]
    public void TheUniqueIdRoundTripsThroughSixteenInt64WordsAndAnInt64Tensor()
    {
        byte[] sequential = Enumerable.Range(0, 128).Select(i => (byte)i).ToArray();
        var words = new long[16];
        NcclNative.EncodeUniqueId(sequential, words);
        Assert.Equal(0x0706050403020100L, words[0]); // little-endian: byte 0 is the low byte of word 0
        Assert.Equal(0x7F7E7D7C7B7A7978L, words[15]);

        var random = new Random(11);
        foreach (byte[] id in new[] { sequential, Enumerable.Repeat((byte)0xFF, 128).ToArray(), RandomBytes(random) })
        {
            NcclNative.EncodeUniqueId(id, words);
            using Tensor carrier = tensor(words); // what the MPI broadcast carries
            Assert.Equal(ScalarType.Int64, carrier.dtype);
            var decoded = new byte[128];
            NcclNative.DecodeUniqueId(carrier.data<long>().ToArray(), decoded);
            Assert.Equal(id, decoded);
        }

        Assert.Throws<ArgumentException>(() => NcclNative.EncodeUniqueId(new byte[127], new long[16]));
        Assert.Throws<ArgumentException>(() => NcclNative.DecodeUniqueId(new long[17], new byte[128]));
    }

    [Fact]
    public void DataTypesAreNcclHsAndTheOthersAreRefused()
    {
        Assert.Equal(7, NcclNative.DataType(ScalarType.Float32)); // ncclFloat32
        Assert.Equal(8, NcclNative.DataType(ScalarType.Float64)); // ncclFloat64
        Assert.Equal(4, NcclNative.DataType(ScalarType.Int64));   // ncclInt64
        Assert.Equal(0, NcclNative.Sum);                          // ncclSum
        foreach (ScalarType other in new[] { ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int32, ScalarType.Bool })
        {
            var error = Assert.Throws<ArgumentException>(() => NcclNative.DataType(other));
            Assert.Contains($"float32, float64 or int64 tensors, not {other}", error.Message);
        }
    }

    [Fact]
    public void VersionCodesDecodeInBothOfNcclsSchemes()
    {
        Assert.Equal(new Version(2, 7, 8), NcclNative.DecodeVersion(2708));   // up to 2.8: X·1000 + Y·100 + Z
        Assert.Equal(new Version(2, 4, 6), NcclNative.DecodeVersion(2406));
        Assert.Equal(new Version(2, 18, 3), NcclNative.DecodeVersion(21803)); // from 2.9: X·10000 + Y·100 + Z
        Assert.Equal(new Version(2, 27, 3), NcclNative.DecodeVersion(22703));
        Assert.True(NcclNative.DecodeVersion(2308) < NcclNative.MinimumVersion);
    }

    [Fact]
    public void CpuTensorsGoToTheMpiGroupAndOtherDevicesAreRefused()
    {
        using Tensor cpu = zeros(3);
        Assert.True(NcclProcessGroup.OnHost(cpu, device: 0));

        using Tensor meta = empty(3, device: torch.META);
        var error = Assert.Throws<ArgumentException>(() => NcclProcessGroup.OnHost(meta, device: 1));
        Assert.Equal("tensor", error.ParamName);
        Assert.Contains("takes CUDA tensors (on cuda:1) and hands CPU tensors to MPI; got a META tensor", error.Message);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[128];
        random.NextBytes(bytes);
        return bytes;
    }
}
