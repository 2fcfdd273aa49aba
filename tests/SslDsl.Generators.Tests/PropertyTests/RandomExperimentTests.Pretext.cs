using System.Globalization;
using System.Text;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Tests.PropertyTests;

/// <summary>
/// The same properties over the whole catalogue: image, sensor and token inputs, every encoder, single-view and
/// joint-embedding objectives, multi-crop, sensor and token augmentations, user augmentation methods and custom
/// encoders, often mismatched on purpose.
/// </summary>
public partial class RandomExperimentTests
{
    private const int PretextBatches = 6;

    [Fact]
    public async Task RulesAnalyzersAndGeneratorAgreeAcrossTheWholeCatalogue()
    {
        var random = new Random(Seed + 1);
        var failures = new List<string>();
        var seen = new HashSet<string>();
        int valid = 0, invalid = 0;
        for (int batch = 0; batch < PretextBatches; batch++)
        {
            var sources = new Dictionary<string, string>();
            for (int i = 0; i < PerBatch; i++)
            {
                string name = "E" + (batch * PerBatch + i).ToString(CultureInfo.InvariantCulture);
                sources.Add(name, RandomCatalogueExperiment(random, name));
            }

            (int v, int n) = await CheckBatchAsync(sources, failures, seen);
            valid += v;
            invalid += n;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {PretextBatches * PerBatch} random experiments broke a property:\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(valid >= PretextBatches * PerBatch / 10, $"only {valid} valid experiments");
        Assert.True(invalid >= PretextBatches * PerBatch / 10, $"only {invalid} invalid experiments");
        Assert.Superset(new HashSet<string> { DiagnosticIds.OptimizerCount, DiagnosticIds.GeneratedMemberName, DiagnosticIds.UnsupportedPrecision }, seen);
    }

    private static string RandomCatalogueExperiment(Random r, string name)
    {
        var a = new List<string> { "[SslExperiment]" };
        var members = new List<string>();
        int kind = r.Next(3); // 0 image, 1 sequence, 2 tokens
        int side = Pick(r, 16, 24, 32);
        int length = Pick(r, 16, 32, 48);
        int channels = Pick(r, 1, 2, 3);
        switch (kind)
        {
            case 0: a.Add($"[ImageInput(Channels = {channels}, Height = {side}, Width = {(Sometimes(r, 6) ? side / 2 : side)})]"); break;
            case 1: a.Add($"[SequenceInput(Channels = {channels}, Length = {(Sometimes(r, 12) ? 0 : length)})]"); break;
            default: a.Add($"[TokenInput(VocabSize = {(Sometimes(r, 12) ? 3 : Pick(r, 30, 100))}, Length = {length})]"); break;
        }

        // Mostly an encoder that fits the input, sometimes any encoder.
        int encoder = Sometimes(r, 5) ? r.Next(7) : kind switch { 0 => Pick(r, 0, 1, 2, 3, 6), 1 => Pick(r, 3, 4, 5, 6), _ => Pick(r, 5, 6) };
        switch (encoder)
        {
            case 0: a.Add("[ConvNet(Widths = new[] { 16, 32 })]"); break;
            case 1: a.Add("[ResNet(Depth = 18, SmallInputs = true, WidthMultiplier = 0.25)]"); break;
            case 2: a.Add($"[VisionTransformer(PatchSize = {Pick(r, 4, 8, 5)}, Dim = {Pick(r, 32, 30)}, Depth = 1, Heads = 2)]"); break;
            case 3: a.Add($"[Mlp(Hidden = new[] {{ {Pick(r, 32, 64)}, 16 }})]"); break;
            case 4: a.Add($"[TemporalConvNet(Widths = new[] {{ 16, 16 }}, KernelSize = {Pick(r, 2, 3)})]"); break;
            case 5: a.Add($"[TransformerEncoder(Dim = 32, Depth = 1, Heads = {Pick(r, 2, 4, 3)})]"); break;
            default:
                a.Add($"[CustomEncoder(typeof({Pick(r, "UserEncoder", "UserEncoder", "NotAModule")}{name}), OutputDim = {Pick(r, 16, 16, 0)})]");
                break;
        }

        int objective = r.Next(12);
        bool singleView = objective >= 6;
        a.Add(objective switch
        {
            0 => "[SimClr(Temperature = 0.2)]",
            1 => "[MoCo(Version = 3)]",
            2 => "[Byol]",
            3 => "[SimSiam]",
            4 => "[BarlowTwins]",
            5 => "[Vicreg]",
            6 => $"[MaskedAutoencoder(MaskRatio = {Num(Sometimes(r, 10) ? 1.0 : 0.75)}, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = {Pick(r, 2, 4, 3)})]",
            7 => "[Autoencoder]",
            8 => "[RotationPrediction]",
            9 => $"[MaskedLanguageModel(MaskProbability = {Num(Sometimes(r, 10) ? 0 : 0.15)}{(Sometimes(r, 8) ? ", MaskTokenId = 7" : "")})]",
            10 => $"[FutureWindowPrediction(Horizon = {Pick(r, 4, 8, length)}{(Sometimes(r, 4) ? ", Context = " + Pick(r, 8, length).ToString(CultureInfo.InvariantCulture) : "")})]",
            _ => $"[MaskedStreamReconstruction(MaskRatio = 0.25, SpanLength = {Pick(r, 0, 2, 4)}, MaskChannels = {(r.Next(2) == 0 ? "true" : "false")})]",
        });

        if (!singleView || Sometimes(r, 8))
        {
            if (r.Next(5) != 0)
            {
                a.Add("[Projector(Hidden = 32, Output = 16)]");
            }

            if (objective is 1 or 2 or 3 || Sometimes(r, 8))
            {
                a.Add($"[Predictor(Hidden = 16{(Sometimes(r, 6) ? ", Output = 8" : "")})]");
            }
        }

        int views = 2;
        switch (r.Next(6))
        {
            case 0:
                views = Pick(r, 1, 2, 3);
                a.Add($"[Views({views})]");
                break;
            case 1:
                a.Add($"[MultiCrop(GlobalCount = 2, LocalCount = {Pick(r, 0, 2)}, LocalSize = {Pick(r, 8, 12)})]");
                views = 4;
                break;
        }

        // Augmentations of every modality, so that mismatches occur.
        string[] augmentations =
        {
            $"[RandomResizedCrop(MinScale = 0.3{View(r, views)})]",
            $"[HorizontalFlip{(Sometimes(r, 3) ? "(View = 0)" : "")}]",
            "[ColorJitter(Brightness = 0.4, Contrast = 0.4, Saturation = 0)]",
            "[GaussianNoise(MaxStd = 0.05)]",
            $"[Jitter(Std = 0.05{View(r, views)})]",
            "[Scaling]",
            "[TimeMask(MaxFraction = 0.2)]",
            $"[WindowCrop(Length = {Pick(r, length / 2, length, length * 2)}{(Sometimes(r, 3) ? ", ResizeBack = false" : "")})]",
            "[TokenDropout(Rate = 0.1)]",
        };
        string[] fitting = kind switch
        {
            0 => augmentations.Take(4).ToArray(),
            1 => augmentations.Skip(4).Take(4).ToArray(),
            _ => augmentations.Skip(8).ToArray(),
        };
        string[] pool = Sometimes(r, 5) ? augmentations : fitting;
        a.AddRange(pool.Where(_ => r.Next(3) == 0).OrderBy(_ => r.Next()));
        if (Sometimes(r, 10))
        {
            a.Add(pool[r.Next(pool.Length)]); // maybe a duplicate
        }

        if (Sometimes(r, 4))
        {
            bool wellFormed = r.Next(4) != 0;
            members.Add($"    [Augmentation(Order = {Pick(r, 0, 1, 5)}, Probability = {Num(Sometimes(r, 8) ? 1.5 : 0.5)})]");
            members.Add(wellFormed
                ? "    static TorchSharp.torch.Tensor Custom(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;"
                : "    TorchSharp.torch.Tensor Custom(TorchSharp.torch.Tensor batch) => batch;");
        }

        string[] optimizers = { "[AdamW(LearningRate = 1e-3)]", "[Sgd]", "[Lars]" };
        int optimizer = r.Next(optimizers.Length);
        a.Add(optimizers[optimizer]);
        if (Sometimes(r, 10))
        {
            a.Add(optimizers[(optimizer + r.Next(1, optimizers.Length)) % optimizers.Length]); // a second optimizer (SSL0027)
        }

        if (r.Next(2) == 0)
        {
            a.Add($"[Training(BatchSize = {Pick(r, 32, 64, 128, 256)}, Epochs = 1{(Sometimes(r, 6) ? ", Precision = " + Pick(r, "Precision.Float32", "Precision.BFloat16", "Precision.Float16", "(Precision)3") : "")})]");
        }

        if (Sometimes(r, 12))
        {
            // A member with a name the generated partial declares (SSL0029), or one close to it.
            members.Add(Pick(r, "    public static int CreateTrainer(int seed) => seed;", "    public sealed class Trainer { }", "    public int Trainers => 0;"));
        }

        if (Sometimes(r, 4))
        {
            a.Add($"[FineTune(HeadLearningRateMultiplier = {Num(Pick(r, 10.0, 1.0, 0.5))}, Patience = {Pick(r, 1, 3)})]");
        }

        var source = new StringBuilder();
        source.Append("using SslDsl;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\nnamespace ").Append(Namespace).Append(";\n\n");
        source.Append("public sealed class UserEncoder").Append(name).Append(" : nn.Module<Tensor, Tensor>\n{\n    public UserEncoder").Append(name)
            .Append("() : base(\"UserEncoder\") { }\n    public override Tensor forward(Tensor input) => input;\n}\n\n");
        source.Append("public sealed class NotAModule").Append(name).Append(" { }\n\n");
        foreach (string attribute in a)
        {
            source.Append(attribute).Append('\n');
        }

        source.Append("public partial class ").Append(name).Append("\n{\n");
        foreach (string member in members)
        {
            source.Append(member).Append('\n');
        }

        source.Append("}\n");
        return source.ToString();
    }
}
