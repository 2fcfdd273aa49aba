using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Objectives;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SslDsl.Tests.Objectives.Masked;

/// <summary>
/// DistilBERT's triple loss against a float64 reference written from the definitions (loops over positions and
/// vocabulary, no torch functions), with identity heads so that the hidden states are the logits.
/// </summary>
public sealed class DistillationLossTests
{
    private const int Batch = 3;
    private const int Length = 5;
    private const int Vocab = 7;

    private static readonly long[] Labels =
    {
        -100, 4, -100, -100, 2,
        6, -100, -100, 0, -100,
        -100, -100, 3, -100, -100,
    };

    private static (double[] Student, double[] Teacher) Hidden()
    {
        var random = new Random(11);
        double[] Draw() => Enumerable.Range(0, Batch * Length * Vocab).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        return (Draw(), Draw());
    }

    private static double Compute(DistillationLoss loss, double[] student, double[] teacher)
    {
        using var scope = NewDisposeScope();
        using var identity = nn.Identity();
        Tensor s = tensor(student.Select(v => (float)v).ToArray(), new long[] { Batch, Length, Vocab });
        Tensor t = tensor(teacher.Select(v => (float)v).ToArray(), new long[] { Batch, Length, Vocab });
        return loss.Compute(identity, s, identity, t, tensor(Labels, new long[] { Batch, Length })).item<float>();
    }

    private static double[] Row(double[] values, int position) => values.Skip(position * Vocab).Take(Vocab).ToArray();

    private static double[] LogSoftmax(double[] logits, double temperature)
    {
        double[] scaled = logits.Select(v => v / temperature).ToArray();
        double max = scaled.Max();
        double log = max + Math.Log(scaled.Sum(v => Math.Exp(v - max)));
        return scaled.Select(v => v - log).ToArray();
    }

    private static IEnumerable<int> Masked => Enumerable.Range(0, Labels.Length).Where(i => Labels[i] != -100);

    private static double SoftTargets(double[] student, double[] teacher, double temperature) =>
        temperature * temperature * Masked.Average(i =>
        {
            double[] logS = LogSoftmax(Row(student, i), temperature);
            double[] logT = LogSoftmax(Row(teacher, i), temperature);
            return Enumerable.Range(0, Vocab).Sum(v => Math.Exp(logT[v]) * (logT[v] - logS[v]));
        });

    private static double Mlm(double[] student) => Masked.Average(i => -LogSoftmax(Row(student, i), 1)[Labels[i]]);

    private static double Cosine(double[] student, double[] teacher) =>
        Enumerable.Range(0, Batch * Length).Average(i =>
        {
            double[] a = Row(student, i);
            double[] b = Row(teacher, i);
            double dot = a.Zip(b, (x, y) => x * y).Sum();
            return 1 - dot / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));
        });

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void TheSoftTargetTermIsTSquaredTimesTheMeanKlAtTheMaskedPositions(double temperature)
    {
        (double[] student, double[] teacher) = Hidden();

        double actual = Compute(new DistillationLoss(temperature, softTargetWeight: 1, mlmWeight: 0, hiddenCosineWeight: 0), student, teacher);

        Assert.Equal(SoftTargets(student, teacher, temperature), actual, 5);
    }

    [Fact]
    public void TheMlmTermIsTheStudentsCrossEntropyAtTheMaskedPositions()
    {
        (double[] student, double[] teacher) = Hidden();

        double actual = Compute(new DistillationLoss(2, softTargetWeight: 0, mlmWeight: 1, hiddenCosineWeight: 0), student, teacher);

        Assert.Equal(Mlm(student), actual, 5);
    }

    [Fact]
    public void TheCosineTermAveragesOneMinusCosineOverEveryPosition()
    {
        (double[] student, double[] teacher) = Hidden();

        double actual = Compute(new DistillationLoss(2, softTargetWeight: 0, mlmWeight: 0, hiddenCosineWeight: 1), student, teacher);

        Assert.Equal(Cosine(student, teacher), actual, 5);
    }

    [Fact]
    public void TheDefaultLossWeighsTheTermsAsDistilBert()
    {
        (double[] student, double[] teacher) = Hidden();

        double actual = Compute(new DistillationLoss(), student, teacher);

        double expected = 5 * SoftTargets(student, teacher, 2) + 2 * Mlm(student) + 1 * Cosine(student, teacher);
        Assert.Equal(expected, actual, 4);
    }

    [Fact]
    public void AStudentEqualToItsTeacherHasNoSoftTargetOrCosineLoss()
    {
        (double[] student, _) = Hidden();

        double actual = Compute(new DistillationLoss(2, softTargetWeight: 1, mlmWeight: 0, hiddenCosineWeight: 1), student, student);

        Assert.Equal(0, actual, 5);
    }

    [Fact]
    public void GradientsReachTheStudentOnlyAndMatchTheReferenceDerivative()
    {
        (double[] student, double[] teacher) = Hidden();
        using var scope = NewDisposeScope();
        using var identity = nn.Identity();
        Tensor s = tensor(student, new long[] { Batch, Length, Vocab }, requires_grad: true);
        Tensor t = tensor(teacher, new long[] { Batch, Length, Vocab }, requires_grad: true);
        var loss = new DistillationLoss(2, softTargetWeight: 1, mlmWeight: 0, hiddenCosineWeight: 0);

        loss.Compute(identity, s, identity, t, tensor(Labels, new long[] { Batch, Length })).backward();

        Assert.True(t.grad is null || t.grad.eq(0).all().item<bool>(), "the teacher received a gradient");
        // d/ds of T²·KL(p_t ‖ softmax(s/T)) averaged over M positions is T·(softmax(s/T) − p_t)/M at a masked position.
        double[] grad = s.grad!.data<double>().ToArray();
        int m = Masked.Count();
        foreach (int i in Enumerable.Range(0, Batch * Length))
        {
            double[] pS = LogSoftmax(Row(student, i), 2).Select(Math.Exp).ToArray();
            double[] pT = LogSoftmax(Row(teacher, i), 2).Select(Math.Exp).ToArray();
            for (int v = 0; v < Vocab; v++)
            {
                double expected = Labels[i] == -100 ? 0 : 2 * (pS[v] - pT[v]) / m;
                Assert.Equal(expected, grad[i * Vocab + v], 10);
            }
        }
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Throws<ArgumentOutOfRangeException>("temperature", () => new DistillationLoss(temperature: 0));
        Assert.Throws<ArgumentOutOfRangeException>("mlmWeight", () => new DistillationLoss(mlmWeight: -1));
        var none = Assert.Throws<ArgumentOutOfRangeException>(() => new DistillationLoss(softTargetWeight: 0, mlmWeight: 0, hiddenCosineWeight: 0));
        Assert.Contains("every distillation weight is 0", none.Message);
        using var identity = nn.Identity();
        using Tensor narrow = zeros(Batch, Length, 4);
        using Tensor wide = zeros(Batch, Length, 8);
        using Tensor labels = tensor(Labels, new long[] { Batch, Length });
        var widths = Assert.Throws<ArgumentException>(() => new DistillationLoss().Compute(identity, narrow, identity, wide, labels));
        Assert.Contains("widths 4 (student) and 8 (teacher)", widths.Message);
    }

    [Fact]
    public void StudentBlocksComeFromEveryOtherTeacherBlock()
    {
        string[] Names(int depth) => Enumerable.Range(0, depth).Select(i => $"blocks.{i}.qkv.weight").Append("norm.weight").ToArray();

        IReadOnlyDictionary<string, string> half = StudentInitialisation.SourceNames(Names(6), Names(12));
        IReadOnlyDictionary<string, string> oneOfTwo = StudentInitialisation.SourceNames(Names(1), Names(2));
        IReadOnlyDictionary<string, string> twoOfThree = StudentInitialisation.SourceNames(Names(2), Names(3));

        Assert.Equal(new[] { 0, 2, 4, 6, 8, 10 }, Enumerable.Range(0, 6).Select(i => int.Parse(half[$"blocks.{i}.qkv.weight"].Split('.')[1])));
        Assert.Equal("norm.weight", half["norm.weight"]);
        Assert.Equal("blocks.0.qkv.weight", oneOfTwo["blocks.0.qkv.weight"]);
        Assert.Equal(new[] { "blocks.0.qkv.weight", "blocks.1.qkv.weight" }, new[] { twoOfThree["blocks.0.qkv.weight"], twoOfThree["blocks.1.qkv.weight"] });
        Assert.Throws<ArgumentException>(() => StudentInitialisation.SourceNames(Names(3), Names(2)));
    }
}
