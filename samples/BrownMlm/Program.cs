using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using BrownMlm;
using SslDsl.Data;
using SslDsl.Evaluation;
using SslDsl.Objectives;
using SslDsl.Plots;
using SslDsl.Samples;
using SslDsl.Training;
using static TorchSharp.torch;

// Pretrains a small Transformer with masked language modelling on BPE-tokenised chunks of the Brown corpus's training
// texts (labels unused), then measures on the held-out texts (split by text): masked-token accuracy and perplexity, and
// linear probes for genre (15 classes) and the informative/imaginative division per text (its chunks' embeddings
// averaged) — against the same encoder randomly initialised, bag-of-words counts, and a unigram model.

var dataOption = new Option<string?>("--data") { Description = "Folder with cats.txt and the 500 Brown texts (default: .data/brown-corpus in the repository)" };
var outputOption = new Option<string>("--output") { Description = "Folder for the run report and the result JSON", DefaultValueFactory = _ => Path.Combine("samples", "output") };
var budgetOption = new Option<double?>("--minutes") { Description = "Pretraining time limit in minutes (default 14; 32 with --long): a safety cap, the run is planned in epochs" };
var longOption = new Option<bool>("--long") { Description = "The longer, better run: 4 epochs instead of 1 (~25 min on 2 unshared cores)" };
var epochsOption = new Option<int?>("--epochs") { Description = "Epochs to train (default 1; 4 with --long); the schedule shrinks if --minutes cannot afford them" };
var testOption = new Option<double>("--test-fraction") { Description = "Fraction of each genre's texts held out for testing", DefaultValueFactory = _ => 0.2 };
var iterationsOption = new Option<int>("--probe-iterations") { Description = "L-BFGS iterations of every linear probe", DefaultValueFactory = _ => 200 };
var decayOption = new Option<double>("--probe-weight-decay") { Description = "L2 penalty of every linear probe (on standardised features)", DefaultValueFactory = _ => 1e-3 };
var deviceOption = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
var distillOption = new Option<bool>("--distill") { Description = "Then distil the pretrained Transformer into a half-depth student (DistilBERT) for the same epochs, against the student trained alone" };

var root = new RootCommand("Masked-language-model pretraining on the Brown corpus with SslDsl; prints RESULT {json} last.")
{
    dataOption, outputOption, budgetOption, longOption, epochsOption, testOption, iterationsOption, decayOption, deviceOption, seedOption, distillOption,
};
root.SetAction(parse => SampleRun.Run(new SampleOptions(
    parse.GetValue(dataOption) ?? SampleDataSet.BrownCorpus.DefaultFolder(),
    parse.GetValue(outputOption)!,
    TimeSpan.FromMinutes(parse.GetValue(budgetOption) ?? (parse.GetValue(longOption) ? 32.0 : 14.0)),
    parse.GetValue(epochsOption) ?? (parse.GetValue(longOption) ? 4 : 1),
    parse.GetValue(testOption),
    parse.GetValue(iterationsOption),
    parse.GetValue(decayOption),
    parse.GetValue(deviceOption)!,
    parse.GetValue(seedOption),
    parse.GetValue(distillOption))));
return root.Parse(args).Invoke();

internal sealed record SampleOptions(string Data, string Output, TimeSpan Budget, int Epochs, double TestFraction, int ProbeIterations, double ProbeWeightDecay, string Device, int Seed, bool Distill);

internal static class SampleRun
{
    /// <summary>Seed of the one corruption every model is scored on (masked-token accuracy and perplexity).</summary>
    private const long EvaluationMaskSeed = 20_240_601;

    public static int Run(SampleOptions options)
    {
        Device device = options.Device == "cuda" ? CUDA : CPU;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Loading the Brown corpus from {options.Data}");
        List<BrownCorpusText> documents = SampleDataSet.BrownCorpus.Load(options.Data, BrownCorpus.Load);
        string[] genres = documents.Select(d => d.Category).Distinct().Order(StringComparer.Ordinal).ToArray();
        (List<BrownCorpusText> trainDocs, List<BrownCorpusText> testDocs) = BrownCorpus.SplitByText(documents, options.TestFraction, options.Seed);

        var tokenizerClock = Stopwatch.StartNew();
        BrownTokenizer tokenizer = BrownTokenizer.Train(trainDocs, BrownText.VocabSize);
        List<int[]> trainIds = trainDocs.Select(tokenizer.Encode).ToList();
        List<int[]> testIds = testDocs.Select(tokenizer.Encode).ToList();
        using ChunkSet train = BrownText.Chunk(trainDocs, trainIds, genres);
        using ChunkSet test = BrownText.Chunk(testDocs, testIds, genres);
        double unknownTrain = UnknownRate(trainIds), unknownTest = UnknownRate(testIds);
        double tokensPerWord = testIds.Sum(i => i.Length) / (double)testDocs.Sum(d => d.Words.Count);
        Console.WriteLine($"{documents.Count} texts, {documents.Sum(d => d.Words.Count):N0} words, {genres.Length} genres; split by text: "
            + $"train {trainDocs.Count} texts → {train.Count:N0} chunks of {BrownText.ChunkLength}, test {testDocs.Count} texts → {test.Count:N0} chunks");
        Console.WriteLine($"BPE vocabulary learned from the training texts: {tokenizer.Vocabulary.Count} tokens ({tokenizer.Vocabulary.Merges.Count} merges, 4 specials) in {tokenizerClock.Elapsed.TotalSeconds:0.0}s; "
            + $"{tokensPerWord:0.00} tokens per test word; [UNK] rate train {unknownTrain:P3}, test {unknownTest:P3}");

        using BrownTransformerMlm.Trainer trainer = BrownTransformerMlm.CreateTrainer(device, options.Seed);
        Directory.CreateDirectory(options.Output);
        string reportFolder = Path.Combine(options.Output, "brown-mlm-transformer-report");
        trainer.ReportDirectory = reportFolder; // report.json, report.md and the curves, rewritten after Fit and each evaluation
        trainer.ReportFigures = new RunReportFigures();
        // Planned in epochs, so that reruns give the same numbers; the time limit only shortens the cosine on a slow machine.
        Console.WriteLine($"Pretraining (MLM, 15% masking) for {options.Epochs} epochs, at most {options.Budget.TotalMinutes:0.#} min");
        PretrainReport report = trainer.Fit(train.Tokens, options.Epochs, options.Budget); // progress: the runtime's bar or lines
        Console.WriteLine($"Pretrained {report.Steps} steps ({report.Epochs.Count} epochs) in {report.Seconds:0.0}s" + (report.StoppedBecause is { } why ? $" (stopped: {why})" : ""));

        var evalClock = Stopwatch.StartNew();
        using var masking = new MlmMasking(BrownText.VocabSize, BrownCorpus.MaskId, new[] { BrownCorpus.PadId, BrownCorpus.MaskId, BrownCorpus.UnknownId, BrownCorpus.ClsId }, MlmMasking.DefaultMaskProbability);
        using BrownTransformerMlm.Trainer randomInit = BrownTransformerMlm.CreateTrainer(device, options.Seed + 1000);
        MaskedTokenScore mlmPretrained = MaskedLanguageModelEvaluation.Evaluate(trainer.Encoder, trainer.Head, masking, test.Tokens, EvaluationMaskSeed);
        MaskedTokenScore mlmRandom = MaskedLanguageModelEvaluation.Evaluate(randomInit.Encoder, randomInit.Head, masking, test.Tokens, EvaluationMaskSeed);
        MaskedTokenScore mlmUnigram = MaskedLanguageModelEvaluation.Unigram(train.Tokens, masking, test.Tokens, EvaluationMaskSeed);

        Console.WriteLine($"Evaluating: linear probes ({options.ProbeIterations} L-BFGS iterations, weight decay {options.ProbeWeightDecay:g3}) on frozen mean-pooled features, one example per text");
        ProbeRow pretrained = ProbeEncoder(trainer, train, test, genres.Length, options, "MLM-pretrained");
        ProbeRow random = ProbeEncoder(randomInit, train, test, genres.Length, options, "random init");
        ProbeRow bag = ProbeFeatures(train.BagOfWords, test.BagOfWords, train, test, genres.Length, options, "bag of words");
        double majorityText = MajorityShare(test.TextGenre, genres.Length), majorityTextCoarse = MajorityShare(test.TextCoarse, 2);
        Console.WriteLine($"Evaluation took {evalClock.Elapsed.TotalSeconds:0}s");

        Console.WriteLine();
        Console.WriteLine($"masked-token prediction on {test.Count:N0} test chunks ({mlmPretrained.MaskedTokens:N0} positions, one seeded 15% corruption)   accuracy   perplexity");
        Console.WriteLine($"  MLM-pretrained Transformer ({report.Steps} steps, {report.Seconds:0}s)        {mlmPretrained.Accuracy,8:P2}   {mlmPretrained.Perplexity,10:0.0}");
        Console.WriteLine($"  same Transformer, random init                     {mlmRandom.Accuracy,8:P2}   {mlmRandom.Perplexity,10:0.0}");
        Console.WriteLine($"  unigram frequencies of the training chunks        {mlmUnigram.Accuracy,8:P2}   {mlmUnigram.Perplexity,10:0.0}");
        Console.WriteLine();
        Console.WriteLine($"linear-probe top-1 on {testDocs.Count} unseen texts (each the mean of its chunks' features; trained on {trainDocs.Count} texts)");
        Console.WriteLine($"                                   genre ({genres.Length})   informative/imaginative (2)");
        foreach ((string name, ProbeRow row) in new[] { ("MLM-pretrained Transformer", pretrained), ("same Transformer, random init", random), ($"bag of words ({BrownText.VocabSize} subwords)", bag) })
        {
            Console.WriteLine($"  {name,-32} {row.GenreText,8:P2}   {row.CoarseText,8:P2}");
        }

        Console.WriteLine($"  {"majority class",-32} {majorityText,8:P2}   {majorityTextCoarse,8:P2}");

        RecordEvaluation(trainer, mlmPretrained, mlmRandom, mlmUnigram, pretrained, random, bag);
        Console.WriteLine($"Report: {Path.Combine(reportFolder, "report.md")}");
        Dictionary<string, object?>? distillation = options.Distill
            ? DistillationRun.Run(trainer, report, mlmPretrained, pretrained, train, test, genres.Length, masking, EvaluationMaskSeed, options, device)
            : null;
        Console.WriteLine($"Total {clock.Elapsed.TotalSeconds:0}s");

        var result = new Dictionary<string, object?>
        {
            ["dataset"] = "brown-corpus",
            ["objective"] = "mlm",
            ["encoder"] = "transformer-128x2x4",
            ["tokenizer"] = "bpe",
            ["device"] = device.ToString(),
            ["chunk_length"] = BrownText.ChunkLength,
            ["vocab_size"] = tokenizer.Vocabulary.Count,
            ["unk_rate_train"] = Math.Round(unknownTrain, 6),
            ["unk_rate_test"] = Math.Round(unknownTest, 6),
            ["train_texts"] = trainDocs.Count,
            ["test_texts"] = testDocs.Count,
            ["train_chunks"] = train.Count,
            ["test_chunks"] = test.Count,
            ["epochs"] = report.Epochs.Count,
            ["steps"] = report.Steps,
            ["pretrain_seconds"] = Math.Round(report.Seconds, 1),
            ["final_loss"] = report.Epochs.Count > 0 ? Math.Round(report.Epochs[^1].Loss, 4) : null,
            ["masked_tokens"] = mlmPretrained.MaskedTokens,
            ["mlm_accuracy_pretrained"] = Math.Round(mlmPretrained.Accuracy, 4),
            ["mlm_accuracy_random_init"] = Math.Round(mlmRandom.Accuracy, 4),
            ["mlm_accuracy_unigram"] = Math.Round(mlmUnigram.Accuracy, 4),
            ["perplexity_pretrained"] = Math.Round(mlmPretrained.Perplexity, 2),
            ["perplexity_random_init"] = Math.Round(mlmRandom.Perplexity, 2),
            ["perplexity_unigram"] = Math.Round(mlmUnigram.Perplexity, 2),
            ["genre_pretrained_top1"] = Math.Round(pretrained.GenreText, 4),
            ["genre_random_init_top1"] = Math.Round(random.GenreText, 4),
            ["genre_bag_of_words_top1"] = Math.Round(bag.GenreText, 4),
            ["genre_majority"] = Math.Round(majorityText, 4),
            ["coarse_pretrained_top1"] = Math.Round(pretrained.CoarseText, 4),
            ["coarse_random_init_top1"] = Math.Round(random.CoarseText, 4),
            ["coarse_bag_of_words_top1"] = Math.Round(bag.CoarseText, 4),
            ["coarse_majority"] = Math.Round(majorityTextCoarse, 4),
            ["probe_iterations"] = options.ProbeIterations,
            ["probe_weight_decay"] = options.ProbeWeightDecay,
            ["total_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["report_md"] = Path.Combine(reportFolder, "report.md"),
        };
        foreach ((string key, object? value) in distillation ?? new Dictionary<string, object?>())
        {
            result[key] = value;
        }

        string json = JsonSerializer.Serialize(result);
        WriteAtomically(Path.Combine(options.Output, "brown-mlm-transformer-result.json"), json);
        Console.WriteLine("RESULT " + json);
        return 0;
    }

    /// <summary>Linear-probe top-1 of one representation per text: genre and informative/imaginative.</summary>
    internal sealed record ProbeRow(double GenreText, double CoarseText, LinearProbeResult GenreTextResult);

    internal static ProbeRow ProbeEncoder(ISslTrainer trainer, ChunkSet train, ChunkSet test, int genres, SampleOptions options, string what)
    {
        using Tensor trainFeatures = trainer.Embed(train.Tokens); // mean over the chunk's positions
        using Tensor testFeatures = trainer.Embed(test.Tokens);
        return ProbeFeatures(trainFeatures, testFeatures, train, test, genres, options, what);
    }

    /// <summary>
    /// Each text's chunk features averaged: one example per text, 400 to train, 100 to test. The split is by text, so the
    /// text is the unit a held-out score is about (chunks of one text are not independent examples). The same protocol
    /// for every representation. Per-chunk probes on the 19k × 5,000 bag-of-words features took minutes more on two
    /// cores and are left out.
    /// </summary>
    private static ProbeRow ProbeFeatures(Tensor trainFeatures, Tensor testFeatures, ChunkSet train, ChunkSet test, int genres, SampleOptions options, string what)
    {
        var clock = Stopwatch.StartNew();
        using Tensor trainText = train.MeanPerText(trainFeatures), testText = test.MeanPerText(testFeatures);
        LinearProbeResult genreText = Fit(trainText, train.TextGenre, testText, test.TextGenre, genres, options);
        LinearProbeResult coarseText = Fit(trainText, train.TextCoarse, testText, test.TextCoarse, 2, options);
        Console.WriteLine($"  {what}: genre {genreText.Top1:P2} (train {genreText.TrainTop1:P2}), informative/imaginative {coarseText.Top1:P2} (train {coarseText.TrainTop1:P2}), {clock.Elapsed.TotalSeconds:0}s");
        return new ProbeRow(genreText.Top1, coarseText.Top1, genreText);
    }

    private static LinearProbeResult Fit(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, SampleOptions options) =>
        LinearProbe.Fit(trainFeatures, trainLabels, testFeatures, testLabels, classes, options.ProbeIterations, options.ProbeWeightDecay);

    private static void RecordEvaluation(SslTrainer trainer, MaskedTokenScore mlmPretrained, MaskedTokenScore mlmRandom, MaskedTokenScore mlmUnigram, ProbeRow pretrained, ProbeRow random, ProbeRow bag)
    {
        foreach ((string what, MaskedTokenScore score) in new[] { ("pretrained", mlmPretrained), ("random init", mlmRandom), ("unigram", mlmUnigram) })
        {
            trainer.Report.SetMetric($"masked-token accuracy, {what}", score.Accuracy);
            trainer.Report.SetMetric($"masked-token perplexity, {what}", score.Perplexity);
        }

        trainer.Report.AddLinearProbe("genre per text, pretrained", pretrained.GenreTextResult);
        foreach ((string what, ProbeRow row) in new[] { ("pretrained", pretrained), ("random init", random), ("bag of words", bag) })
        {
            trainer.Report.SetMetric($"genre top-1 per text, {what}", row.GenreText);
            trainer.Report.SetMetric($"informative/imaginative top-1 per text, {what}", row.CoarseText);
        }

        trainer.WriteReport();
    }

    private static double UnknownRate(IEnumerable<int[]> ids)
    {
        long unknown = 0, total = 0;
        foreach (int[] text in ids)
        {
            unknown += text.Count(i => i == BrownCorpus.UnknownId);
            total += text.Length;
        }

        return (double)unknown / total;
    }

    private static double MajorityShare(Tensor labels, int classes) =>
        labels.bincount(null, classes).max().item<long>() / (double)labels.shape[0];

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then renames it: a reader never sees half a file.</summary>
    private static void WriteAtomically(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
