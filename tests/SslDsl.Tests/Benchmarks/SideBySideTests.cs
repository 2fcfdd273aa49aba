using System;
using System.Linq;
using System.Text.Json.Nodes;
using SslDsl.Benchmarks;

namespace SslDsl.Tests.Benchmarks;

/// <summary>The plumbing of the benchmark's --compare mode: its RESULT line, the PyTorch script's protocol, the round order.</summary>
public class SideBySideTests
{
    [Fact]
    public void ResultLineHasEveryKeyPerCaseWithSpeedRatiosAndNullForMissingSides()
    {
        var result = new CaseResult("convnet_simclr_b64", Generated: 2.0, GeneratedBf16: null, HandWritten: 1.6, HandWrittenChannelsLast: 2.4,
            PyTorch: 4.0, PyTorchBf16: 8.0, ManagedBytesPerStep: 18_468.4, TensorsLeakedPerStep: 0);

        string line = CaseResult.ResultLine(new[] { result }, new JsonObject { ["threads"] = 2 });

        Assert.StartsWith("RESULT {", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        JsonObject json = JsonNode.Parse(line["RESULT ".Length..])!.AsObject();
        JsonObject c = json["cases"]!["convnet_simclr_b64"]!.AsObject();
        foreach (string key in new[]
        {
            "generated_steps_per_s", "generated_bf16_steps_per_s", "handwritten_steps_per_s", "pytorch_steps_per_s", "pytorch_bf16_steps_per_s",
            "generated_vs_handwritten", "generated_vs_pytorch", "generated_bf16_vs_pytorch_bf16", "generated_bf16_vs_pytorch",
            "managed_bytes_per_step", "tensors_leaked_per_step",
        })
        {
            Assert.True(c.ContainsKey(key), key);
        }

        Assert.Equal(1.25, c["generated_vs_handwritten"]!.GetValue<double>()); // steps/s over steps/s: above 1 = generated faster
        Assert.Equal(0.5, c["generated_vs_pytorch"]!.GetValue<double>());
        Assert.Equal(1.5, c["channels_last_vs_handwritten"]!.GetValue<double>());
        Assert.Null(c["generated_bf16_steps_per_s"]);
        Assert.Null(c["generated_bf16_vs_pytorch_bf16"]);
        Assert.Null(c["generated_bf16_vs_pytorch"]);
        Assert.Equal(18_468, c["managed_bytes_per_step"]!.GetValue<double>());
        Assert.Equal(2, json["machine"]!["threads"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void RatioIsNullWhenASideIsMissingOrNotAPositiveNumber(double? a, double? b) => Assert.Null(CaseResult.Ratio(a, b));

    [Fact]
    public void ReplyParsingAcceptsOkObjectsAndReportsErrors()
    {
        Assert.NotNull(PyTorchProcess.ParseReply("{\"ok\": true, \"wall_s\": [0.5]}", out string reason));
        Assert.Equal("", reason);
        Assert.Null(PyTorchProcess.ParseReply("{\"ok\": false, \"error\": \"cannot import torch: No module named 'torch'\"}", out reason));
        Assert.Contains("No module named", reason, StringComparison.Ordinal);
        Assert.Null(PyTorchProcess.ParseReply("Traceback (most recent call last):", out reason));
        Assert.Contains("not a JSON reply", reason, StringComparison.Ordinal);
        Assert.Null(PyTorchProcess.ParseReply("[1, 2]", out reason));
    }

    [Fact]
    public void EverySideRunsInEveryRoundAndEachRunsFirstAndLastOverTheRounds()
    {
        const int sides = 5;
        int[][] rounds = Enumerable.Range(0, 2 * sides).Select(r => RoundOrder.Of(sides, r)).ToArray();

        foreach (int[] order in rounds) Assert.Equal(Enumerable.Range(0, sides), order.Order());
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, rounds[0]);
        Assert.Equal(new[] { 4, 3, 2, 1, 0 }, rounds[1]); // the reverse: the last side of round 1 runs first in round 2
        Assert.All(Enumerable.Range(0, sides), side => Assert.Contains(rounds, order => order[0] == side));
        Assert.All(Enumerable.Range(0, sides), side => Assert.Contains(rounds, order => order[^1] == side));
    }

    /// <summary>The real script over its stdin/stdout protocol, on a tiny ConvNet (a few seconds, most of it importing torch).</summary>
    [Fact]
    public void PyTorchScriptSetsThreadsStepsAndTimesOverItsProtocol()
    {
        using PyTorchProcess? python = PyTorchProcess.TryStart(threads: 1, out string reason);
        Assert.True(python is not null, reason + " (tests/ensure-test-packages.sh installs python3-torch)");

        Assert.Equal(1, python.Info["threads"]!.GetValue<int>());
        Assert.Contains("blas_loaded", python.Info.Select(kv => kv.Key));
        var experiment = new JsonObject
        {
            ["encoder"] = "convnet", ["widths"] = new JsonArray(16, 32), ["channels"] = 3, ["height"] = 8, ["width"] = 8,
            ["projector_hidden"] = 32, ["projector_output"] = 16, ["objective"] = "byol", ["predictor_hidden"] = 32,
            ["learning_rate"] = 1e-3, ["weight_decay"] = 1e-4, ["batch"] = 4, ["precision"] = "fp32",
        };
        double loss = python.Setup("tiny", experiment)["loss"]!.GetValue<double>();
        Assert.InRange(loss, 0, 8); // BYOL's loss lies in [0, 8]

        var (wall, cpu) = python.Run("tiny", 2);
        Assert.Equal(2, wall.Length);
        Assert.Equal(2, cpu.Length);
        Assert.All(wall, s => Assert.True(s > 0 && s < 60, $"{s} s"));
    }
}
