using SslDsl.Augmentations;
using SslDsl.Data;
using SslDsl.Plots;
using SslDsl.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace AugmentationGridSample;

/// <summary>Builds the batch and the views for one modality and writes the grid.</summary>
internal static class GridCommand
{
    private delegate Tensor Augment(Tensor batch, Generator generator);

    public static int Run(GridOptions options)
    {
        if (options.Count < 1)
        {
            Console.Error.WriteLine("--count must be at least 1");
            return 2;
        }

        try
        {
            torch.manual_seed(options.Seed);
            string written = options.Modality switch
            {
                "images" => Images(options),
                "medical" => Medical(options),
                "sensors" => Sensors(options),
                _ => throw new ArgumentException($"--modality must be images, medical or sensors, not '{options.Modality}'"),
            };
            Console.WriteLine(written);
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine("augmentation-grid: " + ex.Message);
            return 1;
        }
    }

    /// <summary>Fashion-MNIST training images through SimCLR's augmentations (as in the quickstart experiment).</summary>
    private static string Images(GridOptions options)
    {
        string folder = DataLocator.Ensure(options.Data, SampleDataSet.FashionMnist, FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile);
        var (train, test) = FashionMnist.Load(folder);
        test.Dispose();
        using var _ = train;
        using var subset = train.Subset(Math.Min(options.Count, train.Count), options.Seed);
        using var scope = torch.NewDisposeScope();
        Tensor batch = subset.ToFloat();
        string[] rows = subset.LabelArray().Select(l => FashionMnist.ClassNames[(int)l]).ToArray();

        var crop = new RandomResizedCrop(28, 28, minScale: 0.2, maxScale: 1.0, minRatio: 3.0 / 4.0, maxRatio: 4.0 / 3.0, probability: 1.0);
        var flip = new HorizontalFlip(1.0);
        var jitter = new ColorJitter(0.4, 0.4, 0, 0, 1.0);
        var blur = new GaussianBlur(0, 0.1, 2.0, 1.0);
        // The quickstart's pipeline: crop (min scale 0.2), flip p = 0.5, jitter p = 0.8, blur p = 0.5.
        var pipeline = new Augment[]
        {
            crop.Apply,
            new HorizontalFlip(0.5).Apply,
            new ColorJitter(0.4, 0.4, 0, 0, 0.8).Apply,
            new GaussianBlur(0, 0.1, 2.0, 0.5).Apply,
        };

        using var generator = new Generator((ulong)options.Seed, CPU);
        var views = new List<(string, Tensor)>
        {
            ("crop", crop.Apply(batch, generator)),
            ("flip", flip.Apply(batch, generator)),
            ("jitter", jitter.Apply(batch, generator)),
            ("blur", blur.Apply(batch, generator)),
            ("view 1", Chain(batch, pipeline, generator)),
            ("view 2", Chain(batch, pipeline, generator)),
        };
        return AugmentationGrid.SaveImages(options.Output, batch, views,
            $"Fashion-MNIST train, seed {options.Seed}: each augmentation alone (p = 1), then two SimCLR views", rows, tileSize: 84);
    }

    /// <summary>Axial slices of the Colin27 T1 template (with AAL region labels) through the medical augmentations.</summary>
    private static string Medical(GridOptions options)
    {
        string folder = DataLocator.Ensure(options.Data, SampleDataSet.BrainMri, BrainMri.T1File, BrainMri.AalFile, BrainMri.AalNamesFile);
        using var slices = BrainMri.LoadAxialSlices(folder, new MriSliceOptions { Size = 128, MinForegroundFraction = 0.15 });
        var names = BrainMri.ReadLabelNames(Path.Combine(folder, BrainMri.AalNamesFile));
        int[] chosen = Choose(slices.Count, options.Count, options.Seed);
        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(chosen.Select(i => (long)i).ToArray(), ScalarType.Int64);
        Tensor batch = slices.Images.index_select(0, index);
        string[] rows = chosen.Select(i =>
        {
            int label = slices.AtlasLabels![i];
            return $"slice z = {slices.SliceIndices[i]}\n{(names.TryGetValue(label, out var n) ? n : label == 0 ? "-" : label.ToString())}";
        }).ToArray();

        var gamma = new GammaContrast(0.7, 1.5, 1.0);
        var bias = new BiasField(3, 0.3, 1.0);
        var rician = new RicianNoise(0.0, 0.05, 1.0);
        var motion = new MotionBlur(7, 1.0);
        var window = new IntensityWindow(0.4, 0.6, 0.6, 1.0, 1.0);
        var pipeline = new Augment[]
        {
            new IntensityWindow(0.4, 0.6, 0.6, 1.0, 0.5).Apply,
            new GammaContrast(0.7, 1.5, 0.5).Apply,
            new BiasField(3, 0.3, 0.5).Apply,
            new MotionBlur(7, 0.5).Apply,
            new RicianNoise(0.0, 0.05, 0.5).Apply,
        };

        using var generator = new Generator((ulong)options.Seed, CPU);
        var views = new List<(string, Tensor)>
        {
            ("gamma", gamma.Apply(batch, generator)),
            ("bias field", bias.Apply(batch, generator)),
            ("Rician noise", rician.Apply(batch, generator)),
            ("motion blur", motion.Apply(batch, generator)),
            ("intensity window", window.Apply(batch, generator)),
            ("view 1", Chain(batch, pipeline, generator)),
            ("view 2", Chain(batch, pipeline, generator)),
        };
        return AugmentationGrid.SaveImages(options.Output, batch, views,
            $"Colin27 T1 (ch2), axial slices and majority AAL region, seed {options.Seed}: each augmentation alone (p = 1), then two views (each p = 0.5)", rows, tileSize: 128);
    }

    /// <summary>Training windows of the sensor-network motes (standardised humidity, temperature) through the time-series augmentations.</summary>
    private static string Sensors(GridOptions options)
    {
        string folder = DataLocator.Ensure(options.Data, SampleDataSet.SensorMotes, SensorMotes.JsonFile);
        var windowOptions = new SensorWindowOptions();
        using var split = SensorMotes.Load(folder, windowOptions);
        var train = split.Train;
        long[] labels = train.LabelArray();
        int[] chosen = Choose(train.Count, options.Count, options.Seed);
        int[] anomalous = Enumerable.Range(0, train.Count).Where(i => labels[i] == 1).ToArray();
        if (anomalous.Length > 0 && !chosen.Any(i => labels[i] == 1))
        {
            // Show at least one window with a labelled event.
            chosen[^1] = anomalous[new Random(options.Seed).Next(anomalous.Length)];
            Array.Sort(chosen);
        }

        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(chosen.Select(i => (long)i).ToArray(), ScalarType.Int64);
        Tensor batch = train.Windows.index_select(0, index);
        string[] rows = chosen.Select(i => $"mote {train.MoteIds[i]}, #{train.StartReadings[i]}{(labels[i] == 1 ? "\nevent" : "")}").ToArray();

        int t = windowOptions.WindowLength;
        var jitter = new Jitter(0.05, 1.0);
        var scaling = new Scaling(0.2, 1.0);
        var magnitude = new MagnitudeWarp(0.2, 4, 1.0);
        var timeWarp = new TimeWarp(0.2, 4, 1.0);
        var dropout = new ChannelDropout(0.5, 1.0);
        var mask = new TimeMask(0.25, 1.0);
        var crop = new WindowCrop(t, t * 3 / 4, resizeBack: true, 1.0);
        var pipeline = new Augment[]
        {
            new WindowCrop(t, t * 3 / 4, resizeBack: true, 0.5).Apply,
            new TimeWarp(0.2, 4, 0.5).Apply,
            new MagnitudeWarp(0.2, 4, 0.5).Apply,
            new Scaling(0.2, 0.5).Apply,
            new Jitter(0.05, 0.5).Apply,
            new TimeMask(0.25, 0.5).Apply,
            new ChannelDropout(0.5, 0.2).Apply,
        };

        using var generator = new Generator((ulong)options.Seed, CPU);
        var views = new List<(string, Tensor)>
        {
            ("jitter", jitter.Apply(batch, generator)),
            ("scaling", scaling.Apply(batch, generator)),
            ("magnitude warp", magnitude.Apply(batch, generator)),
            ("time warp", timeWarp.Apply(batch, generator)),
            ("channel dropout", dropout.Apply(batch, generator)),
            ("time mask", mask.Apply(batch, generator)),
            ("window crop", crop.Apply(batch, generator)),
            ("all chained", Chain(batch, pipeline, generator)),
        };
        return AugmentationGrid.SaveSeries(options.Output, batch, views, train.ChannelNames,
            $"Sensor motes, training windows of {t} readings (standardised), seed {options.Seed}: each augmentation alone (p = 1), then all chained (p = 0.5, dropout 0.2)", rows, cellWidth: 170, cellHeight: 80);
    }

    private static Tensor Chain(Tensor batch, Augment[] pipeline, Generator generator)
    {
        Tensor x = batch;
        foreach (var step in pipeline)
        {
            x = step(x, generator);
        }

        return x;
    }

    /// <summary>Up to <paramref name="count"/> distinct indices below <paramref name="total"/>, drawn with the seed, in increasing order.</summary>
    private static int[] Choose(int total, int count, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, total).ToArray();
        random.Shuffle(order);
        var chosen = order.Take(Math.Min(count, total)).ToArray();
        Array.Sort(chosen);
        return chosen;
    }
}
