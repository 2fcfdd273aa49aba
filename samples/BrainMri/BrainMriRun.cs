using System.Text;
using System.Text.Json;
using SslDsl.Data;
using SslDsl.IO;
using SslDsl.Plots;
using SslDsl.Samples;
using SslDsl.Training;
using static TorchSharp.torch;

namespace BrainMriSample;

/// <summary>The whole comparison: cut and split the patches, pretrain each variant, probe each, write tables and RESULT.</summary>
internal static class BrainMriRun
{
    public static int Run(BrainMriOptions options)
    {
        Device device = options.Device switch
        {
            "cpu" => CPU,
            "cuda" => CUDA,
            _ => throw new ArgumentException($"--device must be cpu or cuda, not '{options.Device}'"),
        };
        Directory.CreateDirectory(options.Output);

        Console.WriteLine($"Loading the T1 volume and the AAL atlas from {options.Data}");
        using PatchSplit split = SampleDataSet.BrainMri.Load(options.Data, folder => LoadPatches(folder, options.Patches));
        Console.WriteLine($"Patches: {options.Patches}");
        Console.WriteLine($"  train {split.TrainCount} patches from {split.TrainSlices.Count} axial slices (z {Ranges(split.TrainSlices, options.Patches.SliceStep)}); test {split.TestCount} from {split.TestSlices.Count} (z {Ranges(split.TestSlices, options.Patches.SliceStep)})");
        long[] trainCounts = PatchSplit.ClassCounts(split.TrainLabels), testCounts = PatchSplit.ClassCounts(split.TestLabels);
        for (int c = 0; c < AalLobes.Count; c++)
        {
            Console.WriteLine($"  {AalLobes.Names[c],-12} train {trainCounts[c],6}  test {testCounts[c],6}");
        }

        Console.WriteLine($"Loading Fashion-MNIST from {options.FashionMnist}");
        (ImageDataset fashionTrain, ImageDataset fashionTest) = SampleDataSet.FashionMnist.Load(options.FashionMnist, FashionMnist.Load);
        fashionTest.Dispose();
        using Tensor fashionImages = fashionTrain.Images.narrow(0, 0, Math.Min(options.FashionImages, fashionTrain.Count)).clone();
        fashionTrain.Dispose();

        using MonitorSubset monitorData = MonitorSubset.Of(split, options.Seed);
        var evaluation = new VariantEvaluation(split, options.KnnTarget);
        var rows = new List<VariantRow>();
        Console.WriteLine($"Pretraining: {fashionImages.shape[0]} Fashion-MNIST images for {options.FashionEpochs} epochs; {split.TrainCount} MRI training patches for {options.MriEpochs} epochs per variant (labels unused); kNN on MRI patches after every epoch");

        // Random init: the very weights every CNN variant starts from (same seed), never trained.
        using (var untrained = GenericSimClr.CreateTrainer(device, options.Seed))
        {
            rows.Add(evaluation.Evaluate("random init (CNN)", untrained, curve: null, pretrainSeconds: 0));
        }

        using var fashion = GenericSimClr.CreateTrainer(device, options.Seed);
        Curve fashionCurve = Pretrain(fashion, "fashion-mnist-only", fashionImages, options.FashionEpochs, monitorData.Data, options, offset: null);
        rows.Add(evaluation.Evaluate("Fashion-MNIST only", fashion, fashionCurve, fashionCurve.Seconds, fashion.Report));

        using (var continued = MedicalSimClr.CreateTrainer(device, options.Seed))
        {
            continued.LoadEncoderWeights(fashion); // continued pretraining: the Fashion-MNIST encoder, trained further on MRI
            Curve curve = Pretrain(continued, "fashion-mnist-then-mri-medical", split.TrainImages, options.MriEpochs, monitorData.Data, options, offset: fashionCurve);
            rows.Add(evaluation.Evaluate("Fashion-MNIST → MRI, medical augmentations", continued, curve, curve.Seconds, continued.Report));
        }

        using (var generic = GenericSimClr.CreateTrainer(device, options.Seed))
        {
            Curve curve = Pretrain(generic, "mri-generic", split.TrainImages, options.MriEpochs, monitorData.Data, options, offset: null);
            rows.Add(evaluation.Evaluate("MRI, generic image pipeline", generic, curve, curve.Seconds, generic.Report));
        }

        using (var untrainedVit = VitMae.CreateTrainer(device, options.Seed))
        {
            rows.Add(evaluation.Evaluate("random init (ViT)", untrainedVit, curve: null, pretrainSeconds: 0));
        }

        using (var mae = VitMae.CreateTrainer(device, options.Seed))
        {
            Curve curve = Pretrain(mae, "mri-mae", split.TrainImages, options.MriEpochs, monitorData.Data, options, offset: null);
            rows.Add(evaluation.Evaluate("MRI, MAE (ViT)", mae, curve, curve.Seconds, mae.Report));
        }

        rows.Add(evaluation.RawPixels());

        string figure = ConvergencePlot.Save(
            Path.Combine(options.Output, "brain-mri-convergence.png"),
            "kNN region top-1 on MRI test patches against pretraining time",
            rows.Where(r => r.Curve is not null).Select(r => (r.Name, (IReadOnlyList<double>)r.Curve!.X, (IReadOnlyList<double>)r.Curve.Y)).ToList(),
            "pretraining seconds (Fashion-MNIST stage included)",
            "kNN top-1 (k = 20)");

        string table = ResultTables.Markdown(rows, options.KnnTarget);
        Console.WriteLine();
        Console.WriteLine(table);
        string tablePath = Path.Combine(options.Output, "brain-mri-tables.md");
        AtomicFile.Write(tablePath, stream => stream.Write(Encoding.UTF8.GetBytes(table)));

        var result = new Dictionary<string, object?>
        {
            ["dataset"] = "brain-mri",
            ["volume"] = BrainMri.T1File,
            ["atlas"] = BrainMri.AalFile,
            ["classes"] = AalLobes.Names,
            ["device"] = device.ToString(),
            ["seed"] = options.Seed,
            ["fashion_epochs"] = options.FashionEpochs,
            ["mri_epochs"] = options.MriEpochs,
            ["fashion_images"] = fashionImages.shape[0],
            ["train_patches"] = split.TrainCount,
            ["test_patches"] = split.TestCount,
            ["train_class_counts"] = trainCounts,
            ["test_class_counts"] = testCounts,
            ["knn_target"] = options.KnnTarget,
            ["variants"] = rows.Select(r => r.ToJson()).ToArray(),
            ["convergence_png"] = figure,
            ["tables_md"] = tablePath,
        };
        string json = JsonSerializer.Serialize(result);
        AtomicFile.Write(Path.Combine(options.Output, "brain-mri-result.json"), stream => stream.Write(Encoding.UTF8.GetBytes(json)));
        Console.WriteLine("RESULT " + json);
        return 0;
    }

    private static PatchSplit LoadPatches(string folder, PatchProtocol protocol)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Brain MRI folder not found: '{Path.GetFullPath(folder)}'.");
        }

        string names = Path.Combine(folder, BrainMri.AalNamesFile);
        if (File.Exists(names))
        {
            AalLobes.CheckNames(names);
        }
        else
        {
            Console.WriteLine($"  ({BrainMri.AalNamesFile} not found: the lobes come from the AAL-116 label ranges unchecked)");
        }

        NiftiVolume volume = Nifti.Read(Path.Combine(folder, BrainMri.T1File));
        NiftiVolume atlas = Nifti.Read(Path.Combine(folder, BrainMri.AalFile));
        // No near-empty-slice filter: the atlas decides which patches are brain.
        using MriSliceSet slices = MriSlices.Axial(volume, atlas, new MriSliceOptions { MinForegroundFraction = 0 });
        return MriPatches.Cut(slices, atlas, protocol);
    }

    /// <summary>Pretrains with the kNN monitor and a run report; the curve's time axis starts after <paramref name="offset"/>'s run.</summary>
    private static Curve Pretrain(SslTrainer trainer, string name, Tensor data, int epochs, KnnMonitorData monitor, BrainMriOptions options, Curve? offset)
    {
        Console.WriteLine($"== {name}: {epochs} epochs on {data.shape[0]} images");
        trainer.ReportDirectory = Path.Combine(options.Output, $"brain-mri-{name}-report");
        trainer.ReportFigures = new RunReportFigures();
        trainer.Report.KnnTarget = options.KnnTarget;
        PretrainReport report = trainer.Fit(data, epochs, monitor: monitor);
        Console.WriteLine($"   {report.Steps} steps in {report.Seconds:0.0}s; kNN per epoch: {string.Join(", ", report.Epochs.Select(e => e.KnnTop1 is { } k ? k.ToString("P1") : "-"))}");
        double start = offset?.Seconds ?? 0;
        var x = new List<double>();
        var y = new List<double>();
        if (offset is not null)
        {
            x.AddRange(offset.X);
            y.AddRange(offset.Y);
        }

        foreach (EpochReport epoch in report.Epochs)
        {
            if (epoch.KnnTop1 is { } knn)
            {
                x.Add(start + epoch.Seconds);
                y.Add(knn);
            }
        }

        return new Curve(x, y, start + report.Seconds);
    }

    private static string Ranges(IReadOnlyList<int> slices, int sliceStep)
    {
        var parts = new List<string>();
        int first = slices[0], last = slices[0];
        foreach (int z in slices.Skip(1))
        {
            if (z - last > sliceStep) // a new slab (slices inside one are SliceStep apart)
            {
                parts.Add($"{first}–{last}");
                first = z;
            }

            last = z;
        }

        parts.Add($"{first}–{last}");
        return string.Join(", ", parts);
    }
}

/// <summary>kNN against pretraining seconds; <see cref="Seconds"/> is the whole pretraining time behind the encoder.</summary>
internal sealed record Curve(List<double> X, List<double> Y, double Seconds)
{
    /// <summary>The first time the curve reaches <paramref name="target"/>, or null.</summary>
    public double? SecondsTo(double target)
    {
        for (int i = 0; i < X.Count; i++)
        {
            if (Y[i] >= target)
            {
                return X[i];
            }
        }

        return null;
    }
}

/// <summary>The kNN monitor's data: seeded subsets of the training and test patches (all of them when small).</summary>
internal sealed class MonitorSubset : IDisposable
{
    private readonly Tensor[] owned;

    private MonitorSubset(KnnMonitorData data, Tensor[] owned)
    {
        Data = data;
        this.owned = owned;
    }

    public KnnMonitorData Data { get; }

    public static MonitorSubset Of(PatchSplit split, int seed)
    {
        using var generator = new Generator((ulong)seed + 17);
        Tensor trainRows = randperm(split.TrainCount, generator: generator).narrow(0, 0, Math.Min(3000, split.TrainCount));
        Tensor testRows = randperm(split.TestCount, generator: generator).narrow(0, 0, Math.Min(2000, split.TestCount));
        Tensor[] tensors =
        {
            split.TrainImages.index_select(0, trainRows), split.TrainLabels.index_select(0, trainRows),
            split.TestImages.index_select(0, testRows), split.TestLabels.index_select(0, testRows),
        };
        trainRows.Dispose();
        testRows.Dispose();
        return new MonitorSubset(new KnnMonitorData(tensors[0], tensors[1], tensors[2], tensors[3], AalLobes.Count), tensors);
    }

    public void Dispose()
    {
        foreach (Tensor t in owned)
        {
            t.Dispose();
        }
    }
}
