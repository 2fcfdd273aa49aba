using System;
using System.Linq;
using SslDsl.Heads;
using SslDsl.Objectives;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives;

/// <summary>
/// DINO's loss against a float64 reference with loops (softmax by hand, pairs enumerated), the centre's EMA, no
/// gradient into the teacher, the teacher temperature's warm-up, and the DINO head's normalised prototypes.
/// </summary>
public sealed class DinoLossTests
{
    private const int Samples = 3, Views = 4, Globals = 2, K = 5;

    [Fact]
    public void TheLossIsTheMeanCrossEntropyOfTheCentredSharpenedTeacherOverPairsOfDifferentViews()
    {
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(K, Views, Globals, studentTemperature: 0.1, teacherTemperature: 0.04, centerMomentum: 0.9);
        (Tensor student, Tensor teacher) = Outputs(5);
        loss.Center.copy_(randn(new long[] { 1, K }, generator: new Generator(9)).mul_(0.1)); // a centre that is not zero
        double[] center = loss.Center.to_type(ScalarType.Float64).data<double>().ToArray();

        double expected = Reference(Rows(student), Rows(teacher), center, 0.1, 0.04);
        double actual = loss.Compute(student, teacher, epoch: 0).item<double>();

        Assert.Equal(expected, actual, 10);
        Assert.InRange(expected, 0.1, 50);
    }

    [Fact]
    public void ATeacherRunOnTheGlobalViewsOnlyGivesTheSameLossAndCentre()
    {
        using var scope = NewDisposeScope();
        using var all = new DinoLoss(K, Views, Globals);
        using var globalsOnly = new DinoLoss(K, Views, Globals);
        (Tensor student, Tensor teacher) = Outputs(8);
        double expected = all.Compute(student, teacher, epoch: 0).item<double>();
        double actual = globalsOnly.Compute(student, teacher.narrow(0, 0, Globals * Samples), epoch: 0).item<double>();
        Assert.Equal(expected, actual, 14);
        Assert.True(all.Center.equal(globalsOnly.Center).all().item<bool>());
        Assert.Throws<ArgumentException>(() => globalsOnly.Compute(student, teacher.narrow(0, 0, Samples), epoch: 0)); // one view: neither shape
    }

    [Fact]
    public void TheCentreFollowsTheTeachersMeanOverTheGlobalViews()
    {
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(K, Views, Globals, centerMomentum: 0.9);
        (Tensor student, Tensor teacher) = Outputs(6);
        Tensor globals = teacher.narrow(0, 0, Globals * Samples).to_type(ScalarType.Float32);

        loss.Compute(student, teacher, epoch: 0);
        Tensor first = globals.mean(new long[] { 0 }, keepdim: true).mul(0.1);
        Assert.True(loss.Center.sub(first).abs().max().item<float>() < 1e-6f, "c = 0.9·0 + 0.1·mean");

        loss.Compute(student, teacher, epoch: 0);
        Tensor second = first.mul(0.9).add(globals.mean(new long[] { 0 }, keepdim: true).mul(0.1));
        Assert.True(loss.Center.sub(second).abs().max().item<float>() < 1e-6f, "c = 0.9·c + 0.1·mean");
    }

    [Fact]
    public void OnlyTheStudentGetsAGradientAndItIsTheSoftTargetCrossEntropys()
    {
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(K, Views, Globals, studentTemperature: 0.2, teacherTemperature: 0.05);
        (Tensor s0, Tensor t0) = Outputs(7);
        Tensor student = s0.clone().requires_grad_(true), teacher = t0.clone().requires_grad_(true);
        loss.Compute(student, teacher, epoch: 0).backward();

        // The same loss by another route: cross_entropy with soft targets, pair by pair (centre zero at the first call).
        Tensor s = s0.clone().requires_grad_(true);
        Tensor total = zeros(1, ScalarType.Float64);
        int pairs = 0;
        for (int a = 0; a < Globals; a++)
        {
            Tensor q = nn.functional.softmax(t0.narrow(0, a * Samples, Samples).div(0.05), 1);
            for (int v = 0; v < Views; v++)
            {
                if (v == a)
                {
                    continue;
                }

                Tensor logP = nn.functional.log_softmax(s.narrow(0, v * Samples, Samples).div(0.2), 1);
                total = total.add(q.mul(logP).sum(1).mean().neg());
                pairs++;
            }
        }

        total.div(pairs).backward();
        Assert.True(student.grad!.sub(s.grad!).abs().max().item<double>() < 1e-12, "the student's gradient differs from the reference");
        Assert.True(s.grad!.abs().max().item<double>() > 1e-3, "the reference gradient is too small for the check to mean anything");
        Assert.True(teacher.grad is null || teacher.grad.abs().max().item<double>() == 0, "the teacher must get no gradient");
    }

    [Fact]
    public void TheTeacherTemperatureWarmsUpLinearlyOverItsEpochsThenStays()
    {
        using var loss = new DinoLoss(K, Views, Globals, teacherTemperature: 0.07, warmupTeacherTemperature: 0.04, warmupTeacherEpochs: 4);
        // np.linspace(0.04, 0.07, 4) for epochs 0…3, then 0.07 (the official per-epoch schedule)
        Assert.Equal(new[] { 0.04, 0.05, 0.06, 0.07, 0.07, 0.07 }, Enumerable.Range(0, 6).Select(e => Math.Round(loss.TeacherTemperatureAt(e), 12)));
        using var constant = new DinoLoss(K, Views, Globals, teacherTemperature: 0.04);
        Assert.Equal(0.04, constant.TeacherTemperatureAt(0));
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingTheProblem()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DinoLoss(K, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DinoLoss(K, Views, Globals, teacherTemperature: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DinoLoss(K, Views, Globals, centerMomentum: 1));
        using var loss = new DinoLoss(K, Views, Globals);
        var error = Assert.Throws<ArgumentException>(() => loss.Compute(ones(Views * Samples, K + 1), ones(Views * Samples, K + 1), 0));
        Assert.Contains($"[V·N, {K}]", error.Message);
        Assert.Throws<ArgumentException>(() => loss.Compute(ones(Views * Samples + 1, K), ones(Views * Samples + 1, K), 0));
    }

    [Fact]
    public void TheHeadsOutputsAreCosinesToUnitPrototypesWhateverThePrototypesNorms()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var head = new DinoHead(8, 16, 4, 10);
        Tensor x = randn(new long[] { 6, 8 }, generator: new Generator(2));
        Tensor y = head.call(x);
        Assert.Equal(new long[] { 6, 10 }, y.shape);
        Assert.True(y.abs().max().item<float>() <= 1.0001f, "normalised features against unit prototypes give cosines");

        Tensor prototypes = head.named_parameters().Single(p => p.name == "prototypes").parameter; // V
        Assert.Equal(new long[] { 10, 4 }, prototypes.shape);
        using (no_grad())
        {
            prototypes.mul_(rand(new long[] { 10, 1 }, generator: new Generator(4)).add_(0.5)); // rescale each prototype row
        }

        Assert.True(head.call(x).sub(y).abs().max().item<float>() < 1e-5f, "the norms of the prototypes do not matter (weight norm with g = 1)");
        Tensor first = head.named_parameters().First(p => p.name.EndsWith("weight", StringComparison.Ordinal)).parameter;
        Assert.InRange(first.std().item<float>(), 0.015f, 0.025f); // truncated normal, std 0.02
    }

    /// <summary>Seeded student and teacher outputs [V·N, K], float64.</summary>
    private static (Tensor Student, Tensor Teacher) Outputs(int seed)
    {
        var generator = new Generator((ulong)seed);
        return (randn(new long[] { Views * Samples, K }, ScalarType.Float64, generator: generator),
                randn(new long[] { Views * Samples, K }, ScalarType.Float64, generator: generator));
    }

    private static double[][] Rows(Tensor t) =>
        Enumerable.Range(0, (int)t.shape[0]).Select(r => t[r].to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();

    /// <summary>The loss with loops in double: Σ over (global a, view v ≠ a) and samples of −Σ_k q log p, over the count.</summary>
    private static double Reference(double[][] student, double[][] teacher, double[] center, double studentTemperature, double teacherTemperature)
    {
        double total = 0;
        int terms = 0;
        for (int a = 0; a < Globals; a++)
        {
            for (int v = 0; v < Views; v++)
            {
                if (v == a)
                {
                    continue;
                }

                for (int n = 0; n < Samples; n++)
                {
                    double[] q = Softmax(teacher[(a * Samples) + n].Select((x, k) => (x - center[k]) / teacherTemperature).ToArray());
                    double[] p = Softmax(student[(v * Samples) + n].Select(x => x / studentTemperature).ToArray());
                    total -= q.Zip(p, (qk, pk) => qk * Math.Log(pk)).Sum();
                }

                terms++;
            }
        }

        return total / (terms * Samples);
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] e = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = e.Sum();
        return e.Select(x => x / sum).ToArray();
    }
}
