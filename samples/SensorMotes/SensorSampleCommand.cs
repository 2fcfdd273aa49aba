using System.CommandLine;
using static TorchSharp.torch;

/// <summary>What the sensor samples (SensorMotes, and Ecg, which links this file) are asked to do.</summary>
internal sealed record SampleOptions(string Data, string Output, int? Epochs, bool Long, int PretrainStride, int EvalStride, string Device, int Seed)
{
    /// <summary>The experiments' [Training] Epochs; --long runs <see cref="LongFactor"/> times as many.</summary>
    public const int DefaultEpochs = 5;
    public const int LongFactor = 4;

    /// <summary>The epochs to pass to Fit: --epochs, else --long's, else null (each experiment's own).</summary>
    public int? EpochsToRun => Epochs ?? (Long ? LongFactor * DefaultEpochs : null);

    /// <summary>The epochs every experiment runs, for the result.</summary>
    public int EpochsRun => EpochsToRun ?? DefaultEpochs;

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Device TorchDevice()
    {
        if (Device is not ("cpu" or "cuda"))
        {
            throw new ArgumentException($"--device must be cpu or cuda, not '{Device}'");
        }

        if (Epochs is < 1 || PretrainStride < 1 || EvalStride < 1)
        {
            throw new ArgumentException($"--epochs, --pretrain-stride and --eval-stride must be at least 1 (got {Epochs}, {PretrainStride}, {EvalStride})");
        }

        return Device == "cuda" ? CUDA : CPU;
    }
}

/// <summary>The command line the sensor samples share: data, output, epochs, strides, device and seed.</summary>
internal static class SensorSampleCommand
{
    /// <param name="args">The program's arguments.</param>
    /// <param name="description">What the sample does (--help).</param>
    /// <param name="dataDescription">What --data names, with its default.</param>
    /// <param name="defaultData">The data folder when --data is not given.</param>
    /// <param name="pretrainStride">What --pretrain-stride counts, and its default.</param>
    /// <param name="evalStride">What --eval-stride counts, and its default.</param>
    /// <param name="run">The sample itself; its return value is the exit code.</param>
    public static int Invoke(string[] args, string description, string dataDescription, Func<string> defaultData,
        (string Description, int Default) pretrainStride, (string Description, int Default) evalStride, Func<SampleOptions, int> run)
    {
        var dataOption = new Option<string?>("--data") { Description = dataDescription };
        var outputOption = new Option<string>("--output") { Description = "Folder for the reports and the result JSON", DefaultValueFactory = _ => Path.Combine("samples", "output") };
        var epochsOption = new Option<int?>("--epochs") { Description = $"Pretraining epochs of every experiment (default: each experiment's [Training] Epochs, {SampleOptions.DefaultEpochs})" };
        var longOption = new Option<bool>("--long") { Description = $"The longer run: {SampleOptions.LongFactor} × the experiments' epochs ({SampleOptions.LongFactor * SampleOptions.DefaultEpochs})" };
        var pretrainStrideOption = new Option<int>("--pretrain-stride") { Description = pretrainStride.Description, DefaultValueFactory = _ => pretrainStride.Default };
        var evalStrideOption = new Option<int>("--eval-stride") { Description = evalStride.Description, DefaultValueFactory = _ => evalStride.Default };
        var deviceOption = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };

        var root = new RootCommand(description)
        {
            dataOption, outputOption, epochsOption, longOption, pretrainStrideOption, evalStrideOption, deviceOption, seedOption,
        };
        root.SetAction(parse => run(new SampleOptions(
            parse.GetValue(dataOption) ?? defaultData(),
            parse.GetValue(outputOption)!,
            parse.GetValue(epochsOption),
            parse.GetValue(longOption),
            parse.GetValue(pretrainStrideOption),
            parse.GetValue(evalStrideOption),
            parse.GetValue(deviceOption)!,
            parse.GetValue(seedOption))));
        return root.Parse(args).Invoke();
    }
}
