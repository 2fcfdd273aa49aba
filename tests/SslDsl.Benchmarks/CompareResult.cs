using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SslDsl.Benchmarks;

/// <summary>
/// The medians of one comparison case, in steps per second (null: that side did not run), and the generated fp32
/// trainer's managed bytes and leaked tensors per step.
/// </summary>
public sealed record CaseResult(
    string Key,
    double? Generated,
    double? GeneratedBf16,
    double? HandWritten,
    double? HandWrittenChannelsLast,
    double? PyTorch,
    double? PyTorchBf16,
    double ManagedBytesPerStep,
    double TensorsLeakedPerStep)
{
    /// <summary>
    /// Speed ratio <c>a / b</c> of two steps/s figures: above 1, the first is faster. Null when either is missing
    /// (or not a positive finite number).
    /// </summary>
    public static double? Ratio(double? a, double? b) =>
        a is { } x && b is { } y && double.IsFinite(x) && double.IsFinite(y) && x > 0 && y > 0 ? x / y : null;

    /// <summary>The case's object in the RESULT json.</summary>
    public JsonObject ToJson() => new()
    {
        ["generated_steps_per_s"] = Round(Generated),
        ["generated_bf16_steps_per_s"] = Round(GeneratedBf16),
        ["handwritten_steps_per_s"] = Round(HandWritten),
        ["handwritten_channels_last_steps_per_s"] = Round(HandWrittenChannelsLast),
        ["pytorch_steps_per_s"] = Round(PyTorch),
        ["pytorch_bf16_steps_per_s"] = Round(PyTorchBf16),
        ["generated_vs_handwritten"] = Round(Ratio(Generated, HandWritten)),
        ["generated_vs_pytorch"] = Round(Ratio(Generated, PyTorch)),
        ["generated_bf16_vs_pytorch_bf16"] = Round(Ratio(GeneratedBf16, PyTorchBf16)),
        ["generated_bf16_vs_pytorch"] = Round(Ratio(GeneratedBf16, PyTorch)),
        ["channels_last_vs_handwritten"] = Round(Ratio(HandWrittenChannelsLast, HandWritten)),
        ["managed_bytes_per_step"] = double.IsFinite(ManagedBytesPerStep) ? Math.Round(ManagedBytesPerStep) : null,
        ["tensors_leaked_per_step"] = double.IsFinite(TensorsLeakedPerStep) ? Math.Round(TensorsLeakedPerStep, 2) : null,
    };

    /// <summary>
    /// The last line of a comparison run: <c>RESULT {"cases": {key: {...}}, "machine": {...}}</c>, on one line.
    /// Ratios are speed ratios (steps/s over steps/s): above 1, the generated trainer is faster.
    /// </summary>
    public static string ResultLine(IEnumerable<CaseResult> cases, JsonObject machine)
    {
        var byKey = new JsonObject();
        foreach (CaseResult c in cases) byKey[c.Key] = c.ToJson();
        return "RESULT " + new JsonObject { ["cases"] = byKey, ["machine"] = machine }.ToJsonString();
    }

    /// <summary>Four significant digits: enough for timings of a shared machine, short on the line.</summary>
    private static double? Round(double? value) =>
        value is { } v && double.IsFinite(v) ? double.Parse(v.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;
}
