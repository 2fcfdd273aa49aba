namespace SslDsl.Training
{
    /// <summary>
    /// [HealthMonitor]: label-free health (RankMe, per-dimension spread, alignment and uniformity) measured by <c>Fit</c>
    /// on <paramref name="Samples"/> rows of the training data (a seeded choice, the same all run) at every epoch end and,
    /// when <paramref name="EverySteps"/> &gt; 0, every that many optimizer steps. Each measurement is one embedding pass
    /// over those rows in eval mode (and one two-view pass for joint-embedding objectives) and one host read; the
    /// training steps in between are untouched.
    /// </summary>
    public sealed record HealthSettings(int EverySteps = 0, int Samples = SslDefaults.HealthSamples);
}
