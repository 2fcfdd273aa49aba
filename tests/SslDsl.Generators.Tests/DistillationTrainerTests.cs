using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Generators.Tests;

/// <summary>[Distill(typeof(Teacher))] from the attribute to generated students that learn from a trained teacher.</summary>
public sealed class DistillationTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ssldsl-distill-" + Guid.NewGuid().ToString("N"));
    private readonly Tensor tokens;
    private readonly Tensor labels;

    public DistillationTrainerTests()
    {
        (tokens, labels) = SequenceData.Tokens(64, 16, 40, seed: 7);
    }

    public void Dispose()
    {
        tokens.Dispose();
        labels.Dispose();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private TinyTeacherMlm.Trainer TrainedTeacher(int seed = 0)
    {
        var teacher = TinyTeacherMlm.CreateTrainer(seed: seed);
        teacher.Fit(tokens, epochs: 3, progress: new Progress<EpochReport>());
        return teacher;
    }

    [Fact]
    public void FitRefusesATeacherThatHasNotBeenTrained()
    {
        using var student = TinyDistilledMlm.CreateTrainer();

        var error = Assert.Throws<InvalidOperationException>(() => student.Fit(tokens, epochs: 1));

        Assert.Contains("the teacher SslDsl.Generators.Tests.TinyTeacherMlm has taken no optimizer step", error.Message);
        Assert.Contains("trainer.Teacher.Load(path)", error.Message);
        Assert.Equal(0, student.OptimizerSteps);
    }

    [Fact]
    public void AStepRefusesATeacherThatHasNotBeenTrained()
    {
        using var student = TinyDistilledMlm.CreateTrainer();
        using Tensor batch = tokens.narrow(0, 0, 8).clone();

        var error = Assert.Throws<InvalidOperationException>(() => student.Step(batch));

        Assert.Contains("has taken no optimizer step", error.Message);
        Assert.Equal(0, student.OptimizerSteps);
    }

    [Fact]
    public void AFreshStudentStartsFromEveryOtherTeacherBlock()
    {
        using var teacher = TrainedTeacher();
        using var student = TinyDistilledMlm.CreateTrainer(teacher: teacher);
        using Tensor oneBatch = tokens.narrow(0, 0, 8);

        student.Fit(oneBatch, epochs: 1, progress: new Progress<EpochReport>()); // copies the teacher, then one AdamW step

        // AdamW's first step moves each weight by at most lr (|m̂/√v̂| = 1) plus its decay lr·wd·|w|.
        const double bound = 3e-3 * (1 + 0.01 * 1.0) + 1e-6;
        Assert.True(MaxDifference(student.Encoder, "blocks.0.", teacher.Encoder, "blocks.0.") <= bound);
        Assert.True(MaxDifference(student.Encoder, "blocks.1.", teacher.Encoder, "blocks.2.") <= bound);
        Assert.True(MaxDifference(student.Encoder, "tokenEmbedding.", teacher.Encoder, "tokenEmbedding.") <= bound);
        Assert.True(MaxDifference(student.Encoder, "norm.", teacher.Encoder, "norm.") <= bound);
        Assert.True(MaxDifference(student.Head, "", teacher.Head, "") <= bound);
        // not block 1, which the teacher trained from another initialisation
        Assert.True(MaxDifference(student.Encoder, "blocks.1.", teacher.Encoder, "blocks.1.") > 10 * bound);
    }

    [Fact]
    public void TheTeacherStaysFrozen()
    {
        using var teacher = TrainedTeacher();
        Dictionary<string, Tensor> before = teacher.Encoder.state_dict().Concat(teacher.Head.state_dict()).ToDictionary(e => e.Key, e => e.Value.detach().clone());
        long teacherSteps = teacher.OptimizerSteps;
        using var student = TinyDistilledMlm.CreateTrainer(teacher: teacher);

        student.Fit(tokens, epochs: 2, progress: new Progress<EpochReport>());

        Assert.Equal(2 * 64 / 8, student.OptimizerSteps);
        Assert.Equal(teacherSteps, teacher.OptimizerSteps);
        Assert.False(teacher.Encoder.training, "the teacher runs in evaluation mode");
        foreach ((string name, Tensor value) in teacher.Encoder.state_dict().Concat(teacher.Head.state_dict()))
        {
            Assert.True(value.eq(before[name]).all().item<bool>(), $"the teacher's {name} changed");
        }

        // its own Fit left its gradients zeroed; the student's backward passes must not have added to them
        Assert.All(teacher.Encoder.parameters().Concat(teacher.Head.parameters()), p => Assert.True(p.grad is null || p.grad.eq(0).all().item<bool>(), "a teacher parameter has a gradient"));
        foreach (Tensor t in before.Values)
        {
            t.Dispose();
        }

        student.Dispose(); // a teacher passed in stays the caller's
        using Tensor embedded = teacher.Embed(tokens);
        Assert.True(embedded.isfinite().all().item<bool>());
    }

    [Fact]
    public void DistillationPullsANarrowerStudentTowardsTheTeachersPredictions()
    {
        using var teacher = TrainedTeacher();
        using var student = NarrowDistilledMlm.CreateTrainer(teacher: teacher);
        double before = Divergence(teacher, student);

        PretrainReport report = student.Fit(tokens, epochs: 6, progress: new Progress<EpochReport>());

        double after = Divergence(teacher, student);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.Loss), $"loss {e.Loss}"));
        Assert.True(after < 0.5 * before, $"KL(teacher ‖ student) {before:F4} → {after:F4}");
    }

    [Fact]
    public void AResumedStudentContinuesAsOneRunAndRefusesAnotherTeacher()
    {
        Directory.CreateDirectory(folder);
        string teacherPath = Path.Combine(folder, "teacher.ckpt");
        string studentPath = Path.Combine(folder, "student.ckpt");
        using var teacher = TrainedTeacher();
        teacher.Save(teacherPath);
        using var whole = TinyDistilledMlm.CreateTrainer(teacher: teacher);
        whole.Fit(tokens, epochs: 2, progress: new Progress<EpochReport>());
        using (var first = TinyDistilledMlm.CreateTrainer(teacher: teacher))
        {
            first.Fit(tokens, epochs: 1, progress: new Progress<EpochReport>());
            first.Save(studentPath);
        }

        using var resumed = TinyDistilledMlm.CreateTrainer(); // its own teacher, loaded from the teacher's checkpoint
        resumed.Teacher.Load(teacherPath);
        resumed.Load(studentPath);
        resumed.Fit(tokens, epochs: 2, progress: new Progress<EpochReport>());

        foreach ((string name, Tensor value) in whole.Encoder.state_dict())
        {
            Assert.True(value.eq(resumed.Encoder.state_dict()[name]).all().item<bool>(), $"{name} differs from the uninterrupted run");
        }

        using var other = TrainedTeacher(seed: 1);
        using var misled = TinyDistilledMlm.CreateTrainer(teacher: other);
        misled.Load(studentPath);
        var error = Assert.Throws<InvalidOperationException>(() => misled.Fit(tokens, epochs: 2));
        Assert.Contains("distilled from a teacher with other weights", error.Message);
    }

    [Fact]
    public void AStepLeaksNoTensors()
    {
        using var teacher = TrainedTeacher();
        using var student = TinyDistilledMlm.CreateTrainer(teacher: teacher);
        using Tensor batch = tokens.narrow(0, 0, 8).clone();
        student.Step(batch);
        student.Step(batch); // optimizer state is created on the first steps
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        student.Step(batch);
        student.Step(batch);

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>Largest absolute difference between the entries under two name prefixes (same names after them).</summary>
    private static double MaxDifference(nn.Module a, string prefixA, nn.Module b, string prefixB)
    {
        Dictionary<string, Tensor> bEntries = b.state_dict();
        double max = 0;
        int compared = 0;
        foreach ((string name, Tensor value) in a.state_dict().Where(e => e.Key.StartsWith(prefixA, StringComparison.Ordinal)))
        {
            Tensor other = bEntries[prefixB + name[prefixA.Length..]];
            max = Math.Max(max, value.sub(other).abs().max().item<float>());
            compared++;
        }

        Assert.True(compared > 0, $"no entries under '{prefixA}'");
        return max;
    }

    /// <summary>Mean KL(teacher ‖ student) of the MLM distributions over every position of the uncorrupted tokens.</summary>
    private double Divergence(TinyTeacherMlm.Trainer teacher, NarrowDistilledMlm.Trainer student)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor t = nn.functional.log_softmax(teacher.Head.call(teacher.Encoder.ForwardTokens(tokens)), 2);
        Tensor s = nn.functional.log_softmax(student.Head.call(student.Encoder.ForwardTokens(tokens)), 2);
        return t.exp().mul(t.sub(s)).sum(2).mean().item<float>();
    }
}
