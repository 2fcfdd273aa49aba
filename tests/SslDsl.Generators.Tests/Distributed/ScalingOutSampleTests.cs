using System.Text.Json;

namespace SslDsl.Generators.Tests.Distributed;

/// <summary>
/// The README's "Scaling out" check (samples/ScalingOut) under mpirun with two ranks on the Fashion-MNIST fixture:
/// it must print a RESULT line whose weights equal one process's, so that the sample cannot rot.
/// </summary>
public sealed class ScalingOutSampleTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-scaling-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheCheckOnTwoRanksPrintsWeightsEqualToOneProcesssAndGlobalNegatives()
    {
        string sample = Path.Combine(RepositoryRoot.Path, "samples", "ScalingOut", "bin", "Release", "net10.0", "ScalingOut.dll");
        Assert.True(File.Exists(sample), $"{sample} is missing: build the solution in Release first");
        string data = Path.Combine(folder, "data");
        FashionMnistFixture.CopyTo(data);

        MpiJob.Outcome job = await MpiJob.RunProgram(2, sample, folder, null, "256", data);

        Assert.True(job.ExitCode == 0, job.Output);
        string last = job.Output.Split('\n').Last(l => l.StartsWith("RESULT {", StringComparison.Ordinal));
        JsonElement result = JsonDocument.Parse(last["RESULT ".Length..]).RootElement;
        Assert.Equal(2, result.GetProperty("ranks").GetInt32());
        Assert.Equal(4, result.GetProperty("steps").GetInt64()); // 256 images, global batch 128, 2 epochs
        Assert.True(result.GetProperty("global_negatives").GetBoolean());
        Assert.InRange(result.GetProperty("max_abs_param_diff_vs_single_process").GetDouble(), 0, 1e-5);
        Assert.True(result.GetProperty("allreduce_ms_per_step").GetDouble() > 0);
    }
}
