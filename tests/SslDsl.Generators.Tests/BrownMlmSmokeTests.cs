using System.Text.Json;

namespace SslDsl.Generators.Tests;

/// <summary>
/// The Brown MLM sample, run as a user runs it on a small corpus in the Brown layout built from the four fixture texts
/// (3 genres × 4 texts, informative and imaginative, each text the fixture's sentences reordered and repeated to ~900
/// words) for 8 short epochs: BPE training, pretraining, distillation, masked-token scores, per-text probes and the run report
/// must all still work, so the sample cannot rot between its long measured runs. Needs the solution built in Release.
/// </summary>
public sealed class BrownMlmSmokeTests : IDisposable
{
    private static readonly (string Prefix, string Genre)[] Genres = { ("ca", "news"), ("cf", "lore"), ("ck", "fiction") };

    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-brown-smoke-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheSampleRunsEndToEndOnASmallCorpus()
    {
        string output = Path.Combine(folder, "out");
        JsonElement result = await RunSample(output, "--epochs", "8", "--minutes", "3", "--probe-iterations", "20", "--test-fraction", "0.25", "--seed", "0", "--distill");

        Assert.Equal(8, result.GetProperty("epochs").GetInt32());
        Assert.Equal(9, result.GetProperty("train_texts").GetInt32());   // 3 of 4 texts per genre
        Assert.Equal(3, result.GetProperty("test_texts").GetInt32());
        Assert.Equal(0.0, result.GetProperty("unk_rate_train").GetDouble()); // every training character is in the alphabet
        Assert.True(result.GetProperty("masked_tokens").GetInt64() > 0);
        foreach (string key in new[] { "mlm_accuracy_pretrained", "mlm_accuracy_random_init", "mlm_accuracy_unigram", "genre_pretrained_top1", "genre_random_init_top1", "genre_bag_of_words_top1", "genre_majority", "coarse_pretrained_top1", "coarse_bag_of_words_top1" })
        {
            Assert.InRange(result.GetProperty(key).GetDouble(), 0, 1);
        }

        foreach (string key in new[] { "perplexity_pretrained", "perplexity_random_init", "perplexity_unigram" })
        {
            Assert.InRange(result.GetProperty(key).GetDouble(), 1, 1e6); // finite (random weights may do worse than uniform's 5,000)
        }

        // --distill: a half-depth student and the same network alone, trained for the same epochs and scored the same way
        Assert.Equal(8, result.GetProperty("distill_epochs").GetInt32());
        Assert.True(result.GetProperty("distill_student_encoder_parameters").GetInt64() < result.GetProperty("distill_teacher_encoder_parameters").GetInt64());
        Assert.True(result.GetProperty("distill_speedup").GetDouble() > 0);
        foreach (string key in new[] { "distill_mlm_accuracy_student", "distill_mlm_accuracy_alone", "distill_genre_student_top1", "distill_genre_alone_top1", "distill_coarse_student_top1" })
        {
            Assert.InRange(result.GetProperty(key).GetDouble(), 0, 1);
        }

        // Eight epochs (16 steps) of MLM on a tiny repetitive corpus already predict masked tokens better than chance-level random weights.
        Assert.True(result.GetProperty("perplexity_pretrained").GetDouble() < result.GetProperty("perplexity_random_init").GetDouble());

        string report = Path.Combine(output, "brown-mlm-transformer-report");
        Assert.Equal(Path.Combine(report, "report.md"), result.GetProperty("report_md").GetString());
        foreach (string file in new[] { "report.md", "report.json", "loss.png" })
        {
            Assert.True(File.Exists(Path.Combine(report, file)), $"{file} is missing from the report folder: {string.Join(", ", Directory.GetFiles(report).Select(Path.GetFileName))}");
        }

        string markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        Assert.Contains("masked-token perplexity, pretrained", markdown);
        Assert.Contains("genre top-1 per text, bag of words", markdown);
        Assert.Contains("[WarmupCosine(WarmupSteps = 100, FinalLearningRate = 1E-05)]", JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json"))).RootElement.GetProperty("configuration").GetString());
        Assert.True(File.Exists(Path.Combine(output, "brown-mlm-transformer-result.json")));
    }

    /// <summary>Writes the corpus: texts cXNN of ~900 words, each the fixture's sentences in a seeded order, repeated.</summary>
    private string WriteCorpus()
    {
        string fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "brown-corpus");
        string[] sentences = Directory.GetFiles(fixtures, "c*").Where(f => Path.GetFileName(f) != "cats.txt").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Where(l => l.Trim().Length > 0).ToArray();
        string data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var cats = new List<string>();
        var random = new Random(11);
        foreach ((string prefix, string genre) in Genres)
        {
            for (int n = 1; n <= 4; n++)
            {
                string id = $"{prefix}{n:00}";
                var lines = new List<string>();
                int words = 0;
                while (words < 900)
                {
                    string line = sentences[random.Next(sentences.Length)];
                    lines.Add(line);
                    words += line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                }

                File.WriteAllLines(Path.Combine(data, id), lines);
                cats.Add($"{id} {genre}");
            }
        }

        File.WriteAllLines(Path.Combine(data, "cats.txt"), cats);
        return data;
    }

    /// <summary>Runs the built sample on the corpus and returns its RESULT line's JSON.</summary>
    private async Task<JsonElement> RunSample(string output, params string[] arguments)
    {
        string data = WriteCorpus();
        (int exitCode, string stdout, string stderr) = await SampleProcess.RunAsync("BrownMlm", folder, new[] { "--data", data, "--output", output }.Concat(arguments));
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{stderr}");
        return SampleProcess.Result(stdout);
    }
}
