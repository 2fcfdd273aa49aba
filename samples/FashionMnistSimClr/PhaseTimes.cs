using System.Diagnostics;

namespace FashionMnistSimClr;

/// <summary>
/// Wall time of the evaluation's phases, printed after it so that a user sees where the minutes go (the default run
/// has to stay under 15 minutes on 2 cores, and the probes of three representations are most of what follows
/// pretraining).
/// </summary>
internal sealed class PhaseTimes
{
    private readonly List<(string Name, double Seconds)> phases = new();
    private readonly Stopwatch total = Stopwatch.StartNew();

    /// <summary>Runs <paramref name="phase"/> and records its wall time under <paramref name="name"/>.</summary>
    public T Time<T>(string name, Func<T> phase)
    {
        var watch = Stopwatch.StartNew();
        T result = phase();
        phases.Add((name, watch.Elapsed.TotalSeconds));
        return result;
    }

    /// <summary>"212 s (batch norm 20 s, pretrained 61 s, …)": the total since construction and each phase.</summary>
    public override string ToString() =>
        $"{total.Elapsed.TotalSeconds:0} s (" + string.Join(", ", phases.Select(p => $"{p.Name} {p.Seconds:0} s")) + ")";
}
