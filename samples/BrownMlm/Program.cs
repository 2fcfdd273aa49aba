using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using BrownMlm;
using SslDsl.Data;
using SslDsl.Evaluation;
using SslDsl.Samples;
using SslDsl.Training;
using static TorchSharp.torch;

// Pretrains a small Transformer with masked language modelling on 64-word chunks of the Brown corpus's training
// texts (labels unused), then fits linear probes for each chunk's genre (15 classes) and informative/imaginative
// division (2 classes) on held-out texts, against the same encoder randomly initialised and bag-of-words counts.

var dataOption = new Option<string?>("--data") { Description = "Folder with cats.txt and the 500 Brown texts (default: .data/brown-corpus in the repository)" };
var outputOption = new Option<string>("--output") { Description = "Folder for the result JSON", DefaultValueFactory = _ => Path.Combine("samples", "output") };
var budgetOption = new Option<double>("--minutes") { Description = "Pretraining time budget in minutes", DefaultValueFactory = _ => 7.0 };
var epochsOption = new Option<int?>("--epochs") { Description = "Most epochs to train (default: [Training] Epochs); the schedule shrinks to fit --minutes" };
var testOption = new Option<double>("--test-fraction") { Description = "Fraction of each genre's texts held out for testing", DefaultValueFactory = _ => 0.2 };
var iterationsOption = new Option<int>("--probe-iterations") { Description = "L-BFGS iterations of every linear probe", DefaultValueFactory = _ => 200 };
var decayOption = new Option<double>("--probe-weight-decay") { Description = "L2 penalty of every linear probe (on standardised features)", DefaultValueFactory = _ => 1e-3 };
var deviceOption = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };

var root = new RootCommand("Masked-language-model pretraining on the Brown corpus with SslDsl; prints RESULT {json} last.")
{
    dataOption, outputOption, budgetOption, epochsOption, testOption, iterationsOption, decayOption, deviceOption, seedOption,
};
root.SetAction(parse => SampleRun.Run(new SampleOptions(
    parse.GetValue(dataOption) ?? SampleDataSet.BrownCorpus.DefaultFolder(),
    parse.GetValue(outputOption)!,
    TimeSpan.FromMinutes(parse.GetValue(budgetOption)),
    parse.GetValue(epochsOption),
    parse.GetValue(testOption),
    parse.GetValue(iterationsOption),
    parse.GetValue(decayOption),
    parse.GetValue(deviceOption)!,
    parse.GetValue(seedOption))));
return root.Parse(args).Invoke();

internal sealed record SampleOptions(string Data, string Output, TimeSpan Budget, int? Epochs, double TestFraction, int ProbeIterations, double ProbeWeightDecay, string Device, int Seed);

internal static class SampleRun
{
    public static int Run(SampleOptions options)
    {
        Device device = options.Device == "cuda" ? CUDA : CPU;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Loading the Brown corpus from {options.Data}");
        List<BrownCorpusText> documents = SampleDataSet.BrownCorpus.Load(options.Data, BrownCorpus.Load);
        string[] genres = documents.Select(d => d.Category).Distinct().Order(StringComparer.Ordinal).ToArray();
        (List<BrownCorpusText> trainDocs, List<BrownCorpusText> testDocs) = BrownCorpus.SplitByText(documents, options.TestFraction, options.Seed);
        Dictionary<string, long> vocabulary = BrownCorpus.BuildVocabulary(trainDocs, BrownText.VocabSize);
        using ChunkSet train = BrownText.Chunk(trainDocs, vocabulary, genres);
        using ChunkSet test = BrownText.Chunk(testDocs, vocabulary, genres);
        double unknownTrain = train.Tokens.eq(BrownCorpus.UnknownId).to_type(ScalarType.Float64).mean().item<double>();
        double unknownTest = test.Tokens.eq(BrownCorpus.UnknownId).to_type(ScalarType.Float64).mean().item<double>();
        double majority = MajorityShare(test.Genre, genres.Length);
        double majorityCoarse = MajorityShare(test.Coarse, 2);
        Console.WriteLine($"{documents.Count} texts, {documents.Sum(d => d.Words.Count):N0} tokens, {genres.Length} genres; split by text: "
            + $"train {trainDocs.Count} texts → {train.Count:N0} chunks of {BrownText.ChunkLength}, test {testDocs.Count} texts → {test.Count:N0} chunks");
        Console.WriteLine($"Vocabulary: top {vocabulary.Count} training words + 4 specials; [UNK] rate train {unknownTrain:P1}, test {unknownTest:P1}; "
            + $"majority class on test: genre {majority:P1}, informative/imaginative {majorityCoarse:P1} (loaded in {clock.Elapsed.TotalSeconds:0.0}s)");

        using ISslTrainer trainer = BrownTransformerMlm.CreateTrainer(device, options.Seed);
        Console.WriteLine($"Pretraining (MLM, 15% masking) for at most {options.Epochs?.ToString() ?? "the experiment's"} epochs within {options.Budget.TotalMinutes:0.#} min");
        PretrainReport report = trainer.Fit(train.Tokens, options.Epochs, options.Budget); // progress: the runtime's bar or lines
        Console.WriteLine($"Pretrained {report.Steps} steps in {report.Seconds:0.0}s" + (report.StoppedBecause is { } why ? $" (stopped: {why})" : ""));

        Console.WriteLine($"Evaluating: linear probes ({options.ProbeIterations} L-BFGS iterations, weight decay {options.ProbeWeightDecay:g3}) on frozen features");
        var evalClock = Stopwatch.StartNew();
        ProbePair pretrained = Probe(trainer, train, test, genres.Length, options);
        using ISslTrainer randomInit = BrownTransformerMlm.CreateTrainer(device, options.Seed + 1000);
        ProbePair random = Probe(randomInit, train, test, genres.Length, options);
        ProbePair bag = ProbeFeatures(train.BagOfWords, test.BagOfWords, train, test, genres.Length, options, "bag of words");
        Console.WriteLine($"Evaluation took {evalClock.Elapsed.TotalSeconds:0}s");

        Console.WriteLine();
        Console.WriteLine($"linear-probe top-1 on {test.Count:N0} test chunks ({testDocs.Count} unseen texts)   genre (15)   informative/imaginative (2)   probe s");
        Console.WriteLine($"  MLM-pretrained Transformer ({report.Steps} steps, {report.Seconds:0}s)   {pretrained.Genre,10:P2}   {pretrained.Coarse,10:P2}   {pretrained.Seconds,6:0}");
        Console.WriteLine($"  same Transformer, random init              {random.Genre,10:P2}   {random.Coarse,10:P2}   {random.Seconds,6:0}");
        Console.WriteLine($"  bag of words ({BrownText.VocabSize} dims, L1-norm. counts)     {bag.Genre,10:P2}   {bag.Coarse,10:P2}   {bag.Seconds,6:0}");
        Console.WriteLine($"  majority class                              {majority,10:P2}   {majorityCoarse,10:P2}");
        Console.WriteLine($"Total {clock.Elapsed.TotalSeconds:0}s");

        var result = new Dictionary<string, object>
        {
            ["dataset"] = "brown-corpus",
            ["objective"] = "mlm",
            ["encoder"] = "transformer-128x2x4",
            ["device"] = device.ToString(),
            ["chunk_length"] = BrownText.ChunkLength,
            ["vocab_size"] = BrownText.VocabSize,
            ["train_texts"] = trainDocs.Count,
            ["test_texts"] = testDocs.Count,
            ["train_chunks"] = train.Count,
            ["test_chunks"] = test.Count,
            ["epochs"] = report.Epochs.Count,
            ["steps"] = report.Steps,
            ["pretrain_seconds"] = Math.Round(report.Seconds, 1),
            ["final_loss"] = report.Epochs.Count > 0 ? Math.Round(report.Epochs[^1].Loss, 4) : double.NaN,
            ["genre_pretrained_top1"] = Math.Round(pretrained.Genre, 4),
            ["genre_random_init_top1"] = Math.Round(random.Genre, 4),
            ["genre_bag_of_words_top1"] = Math.Round(bag.Genre, 4),
            ["genre_majority"] = Math.Round(majority, 4),
            ["coarse_pretrained_top1"] = Math.Round(pretrained.Coarse, 4),
            ["coarse_random_init_top1"] = Math.Round(random.Coarse, 4),
            ["coarse_bag_of_words_top1"] = Math.Round(bag.Coarse, 4),
            ["coarse_majority"] = Math.Round(majorityCoarse, 4),
            ["probe_iterations"] = options.ProbeIterations,
            ["probe_weight_decay"] = options.ProbeWeightDecay,
            ["total_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
        string json = JsonSerializer.Serialize(result);
        Directory.CreateDirectory(options.Output);
        File.WriteAllText(Path.Combine(options.Output, "brown-mlm-transformer-result.json"), json);
        Console.WriteLine("RESULT " + json);
        return 0;
    }

    private sealed record ProbePair(double Genre, double Coarse, double Seconds);

    private static ProbePair Probe(ISslTrainer trainer, ChunkSet train, ChunkSet test, int genres, SampleOptions options)
    {
        using Tensor trainFeatures = trainer.Embed(train.Tokens);
        using Tensor testFeatures = trainer.Embed(test.Tokens);
        return ProbeFeatures(trainFeatures, testFeatures, train, test, genres, options, "encoder");
    }

    private static ProbePair ProbeFeatures(Tensor trainFeatures, Tensor testFeatures, ChunkSet train, ChunkSet test, int genres, SampleOptions options, string what)
    {
        var clock = Stopwatch.StartNew();
        LinearProbeResult genre = LinearProbe.Fit(trainFeatures, train.Genre, testFeatures, test.Genre, genres, options.ProbeIterations, options.ProbeWeightDecay);
        LinearProbeResult coarse = LinearProbe.Fit(trainFeatures, train.Coarse, testFeatures, test.Coarse, 2, options.ProbeIterations, options.ProbeWeightDecay);
        Console.WriteLine($"  {what}: genre {genre.Top1:P2} (train {genre.TrainTop1:P2}), informative/imaginative {coarse.Top1:P2} (train {coarse.TrainTop1:P2}), {clock.Elapsed.TotalSeconds:0}s");
        return new ProbePair(genre.Top1, coarse.Top1, clock.Elapsed.TotalSeconds);
    }

    private static double MajorityShare(Tensor labels, int classes) =>
        labels.bincount(null, classes).max().item<long>() / (double)labels.shape[0];
}

